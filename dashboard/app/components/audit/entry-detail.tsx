import type { AuditEntry } from "./types";

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const show = (v: unknown) => (v === undefined ? "—" : JSON.stringify(v));

/** Field by field, what the change did; unchanged fields are dimmed. */
function FieldDiff({ before, after }: { before: unknown; after: unknown }) {
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  if (keys.length === 0) return null;
  return (
    <table className="audit-diff">
      <caption className="sr-only">Changed fields</caption>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Before</th>
          <th scope="col">After</th>
        </tr>
      </thead>
      <tbody>
        {keys.map((k) => {
          const changed = show(b[k]) !== show(a[k]);
          return (
            <tr key={k} className={changed ? "changed" : "same"}>
              <th scope="row" className="mono">
                {k}
              </th>
              <td className="mono before">{show(b[k])}</td>
              <td className="mono after">{show(a[k])}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** An entry's before/after (as a field diff and as the stored JSON) and its chain metadata. */
export function EntryDetail({ entry }: { entry: AuditEntry }) {
  const hasState = entry.before !== null || entry.after !== null;
  return (
    <div className="stack audit-detail" data-testid="audit-entry-detail">
      {hasState ? (
        <>
          {(isRecord(entry.before) || isRecord(entry.after)) && (
            <FieldDiff before={entry.before} after={entry.after} />
          )}
          <div className="grid halves">
            <figure>
              <figcaption className="muted">Before</figcaption>
              <pre className="mono">
                {entry.before === null ? "null" : JSON.stringify(entry.before, null, 2)}
              </pre>
            </figure>
            <figure>
              <figcaption className="muted">After</figcaption>
              <pre className="mono">
                {entry.after === null ? "null" : JSON.stringify(entry.after, null, 2)}
              </pre>
            </figure>
          </div>
        </>
      ) : (
        <p className="muted">This entry records no before/after state.</p>
      )}
      <dl className="audit-meta">
        <dt>Entry</dt>
        <dd className="mono">
          #{entry.seq} {entry.id}
        </dd>
        <dt>Address</dt>
        <dd className="mono">{entry.address ?? "—"}</dd>
        <dt>User agent</dt>
        <dd className="mono">{entry.userAgent ?? "—"}</dd>
        <dt>Hash</dt>
        <dd className="mono">{entry.hash}</dd>
        <dt>Previous hash</dt>
        <dd className="mono">{entry.prevHash}</dd>
      </dl>
    </div>
  );
}
