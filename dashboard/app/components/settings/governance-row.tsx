import { boundsText, type ConfigKey, FIELDS, formatValue, humanMs } from "./governance-fields";

interface RowProps {
  field: ConfigKey;
  current: number | boolean;
  /** Absent: the row is read-only. */
  draft?: string | boolean;
  error?: string | undefined;
  changed?: boolean;
  onChange?: (value: string | boolean) => void;
}

/** One parameter: its value (an input when editable), default and bounds, with any error beside it. */
export function GovernanceRow({ field, current, draft, error, changed, onChange }: RowProps) {
  const spec = FIELDS[field];
  const id = `cfg-${field}`;
  const editable = draft !== undefined && onChange !== undefined;
  const atDefault = current === spec.default;
  const describedBy = [error ? `${id}-error` : null, `${id}-desc`].filter(Boolean).join(" ");
  return (
    <tr data-field={field} className={changed ? "cfg-changed" : undefined}>
      <th scope="row" className="cfg-name">
        {editable ? (
          <label htmlFor={id} id={`${id}-label`} className="mono">
            {field}
          </label>
        ) : (
          <span className="mono">{field}</span>
        )}
        <span id={`${id}-desc`} className="hint">
          {spec.description}
        </span>
      </th>
      <td className="cfg-value">
        {editable ? (
          spec.kind === "boolean" ? (
            <label className="cfg-check">
              <input
                id={id}
                type="checkbox"
                name={field}
                checked={draft === true}
                onChange={(e) => onChange(e.target.checked)}
                aria-describedby={describedBy}
              />
              {draft === true ? "on" : "off"}
            </label>
          ) : (
            <input
              id={id}
              type="number"
              name={field}
              inputMode="decimal"
              step={spec.integer ? 1 : "any"}
              min={spec.min}
              max={spec.max}
              value={String(draft)}
              onChange={(e) => onChange(e.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={describedBy}
            />
          )
        ) : (
          <span className="mono" data-testid={`cfg-value-${field}`}>
            {formatValue(field, current)}
          </span>
        )}
        {editable && spec.kind === "number" && spec.ms && !error && (
          <span className="hint">= {humanMs(Number(draft))}</span>
        )}
        {changed && <span className="hint">Saved value: {formatValue(field, current)}</span>}
        {error && (
          <span id={`${id}-error`} className="field-error">
            {error}
          </span>
        )}
      </td>
      <td className="mono">
        {formatValue(field, spec.default)}
        {!atDefault && (
          <>
            {" "}
            <span className="badge info">custom</span>
          </>
        )}
      </td>
      <td className="mono cfg-bounds">{boundsText(spec)}</td>
      {editable && (
        <td>
          {String(draft) !== String(spec.default) && (
            <button
              type="button"
              className="link"
              onClick={() => onChange(spec.kind === "boolean" ? spec.default : String(spec.default))}
              title={`Reset to the default, ${formatValue(field, spec.default)}`}
              aria-describedby={`${id}-label`}
            >
              Default
            </button>
          )}
        </td>
      )}
    </tr>
  );
}
