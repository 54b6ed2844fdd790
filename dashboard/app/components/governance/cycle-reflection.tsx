import { Link } from "@remix-run/react";
import { type CycleRecordView, SHOWN_FIELDS } from "./record";
import type { CycleDetail } from "./types";

function Agents({
  label,
  ids,
  nameOf,
}: {
  label: string;
  ids: string[];
  nameOf: (id: string) => string | null;
}) {
  if (ids.length === 0) return null;
  return (
    <div>
      <dt>{label}</dt>
      <dd>
        {ids.map((id) => (
          <Link key={id} to={`/agents/${id}`} className="chip">
            {nameOf(id) ?? id}
          </Link>
        ))}
      </dd>
    </div>
  );
}

/** The cycle explaining itself: its plain-language notes, who it affected, and the raw record. */
export function CycleReflection({
  cycle,
  record,
  nameOf,
}: {
  cycle: CycleDetail;
  record: CycleRecordView;
  nameOf: (id: string) => string | null;
}) {
  const extra = Object.entries(cycle.reflection).filter(([k]) => !SHOWN_FIELDS.has(k));
  const affected = record.suppressed.length + record.redeemed.length + record.excluded.length;
  return (
    <div className="stack">
      {record.notes.length > 0 ? (
        <ol className="gov-notes" aria-label="What happened in this cycle">
          {record.notes.map((note, i) => (
            // Notes are positional sentences: their order is their identity.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <li key={i}>{note}</li>
          ))}
        </ol>
      ) : (
        <p className="muted">This cycle recorded no notes.</p>
      )}
      {affected > 0 && (
        <dl className="gov-facts">
          <Agents label="Suppressed" ids={record.suppressed} nameOf={nameOf} />
          <Agents label="Back to active" ids={record.redeemed} nameOf={nameOf} />
          <Agents label="Excluded" ids={record.excluded} nameOf={nameOf} />
        </dl>
      )}
      {extra.length > 0 && (
        <dl className="gov-facts">
          {extra.map(([k, v]) => (
            <div key={k}>
              <dt className="mono">{k}</dt>
              <dd className="mono">{typeof v === "object" ? JSON.stringify(v) : String(v)}</dd>
            </div>
          ))}
        </dl>
      )}
      <details>
        <summary>Full cycle record (JSON)</summary>
        <pre className="mono">{JSON.stringify(cycle.reflection, null, 2)}</pre>
      </details>
    </div>
  );
}
