import { type CheckedRows, COLUMNS, columnOf, type RawRow, type RowError } from "../../lib/task-rows";

/** Enough rows to check a file by eye without rendering ten thousand table rows. */
const PREVIEW_ROWS = 100;
const SHOWN_ERRORS = 200;

function cell(raw: RawRow, column: (typeof COLUMNS)[number]): string {
  for (const [key, v] of Object.entries(raw)) {
    if (columnOf(key) !== column || v === undefined || v === null) continue;
    const text = typeof v === "string" ? v : JSON.stringify(v);
    return text.length > 60 ? `${text.slice(0, 57)}…` : text;
  }
  return "";
}

/** The rows as read from the file, each marked valid or with its number of problems. */
export function BatchPreview({ checked }: { checked: CheckedRows }) {
  const perRow = new Map<number, number>();
  for (const e of checked.errors) perRow.set(e.row, (perRow.get(e.row) ?? 0) + 1);
  const shown = checked.rows.slice(0, PREVIEW_ROWS);
  if (checked.rows.length === 0) return null;
  return (
    <div className="table-wrap batch-preview" data-testid="batch-preview">
      <table>
        <caption>
          Preview: {checked.rows.length} row{checked.rows.length === 1 ? "" : "s"}
          {checked.rows.length > shown.length ? ` (first ${shown.length} shown)` : ""}
        </caption>
        <thead>
          <tr>
            <th scope="col">Row</th>
            {COLUMNS.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
            <th scope="col">Check</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((raw, i) => {
            const problems = perRow.get(i + 1) ?? 0;
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their position
              <tr key={i} className={problems ? "invalid" : undefined}>
                <td className="mono">{i + 1}</td>
                {COLUMNS.map((c) => (
                  <td key={c} className={c === "payload" ? "mono" : undefined}>
                    {typeof raw === "object" && raw !== null ? cell(raw, c) : ""}
                  </td>
                ))}
                <td>
                  {problems ? (
                    <span className="badge bad">
                      {problems} error{problems === 1 ? "" : "s"}
                    </span>
                  ) : (
                    <span className="badge good">valid</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Every problem found, by row and column, so the file can be fixed before anything is sent. */
export function BatchErrors({ errors, title }: { errors: RowError[]; title?: string }) {
  if (errors.length === 0) return null;
  const shown = errors.slice(0, SHOWN_ERRORS);
  const heading =
    title ?? `${errors.length} problem${errors.length === 1 ? "" : "s"} in the file: nothing was sent`;
  return (
    <div className="table-wrap batch-errors" data-testid="batch-errors" role="alert">
      <table>
        <caption>{heading}</caption>
        <thead>
          <tr>
            <th scope="col">Row</th>
            <th scope="col">Column</th>
            <th scope="col">Message</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((e, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: one row can have several errors in one column
            <tr key={i}>
              <td className="mono">{e.row === 0 ? "file" : e.row}</td>
              <td className="mono">{e.column}</td>
              <td>{e.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {errors.length > shown.length && <p className="muted">…and {errors.length - shown.length} more.</p>}
    </div>
  );
}
