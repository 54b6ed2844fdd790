import { Link } from "@remix-run/react";
import { trust } from "../../lib/format";
import { EmptyState } from "../empty-state";
import { TrustValue } from "../status-badge";

interface Row {
  id: string;
  before: number | null;
  after: number | null;
  delta: number | null;
}

function Delta({ value }: { value: number | null }) {
  if (value === null) return <span className="muted">—</span>;
  if (Math.abs(value) < 0.0005) return <span className="muted mono">±0.000</span>;
  return (
    <span className={`mono ${value > 0 ? "trust-good" : "trust-bad"}`}>
      <span aria-hidden="true">{value > 0 ? "▲" : "▼"} </span>
      {value > 0 ? "+" : "−"}
      {Math.abs(value).toFixed(3)}
    </span>
  );
}

/** Each agent's trust when the cycle opened and when it closed, biggest movers first. */
export function CycleTrust({
  before,
  after,
  nameOf,
}: {
  before: Record<string, number>;
  after: Record<string, number>;
  nameOf: (id: string) => string | null;
}) {
  const ids = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const rows: Row[] = ids.map((id) => {
    const b = before[id] ?? null;
    const a = after[id] ?? null;
    return { id, before: b, after: a, delta: a !== null && b !== null ? a - b : null };
  });
  rows.sort((x, y) => Math.abs(y.delta ?? 0) - Math.abs(x.delta ?? 0) || x.id.localeCompare(y.id));
  if (rows.length === 0) return <EmptyState title="No agent trust was recorded for this cycle" />;
  return (
    <div className="table-wrap">
      <table>
        <caption className="sr-only">Trust before and after the cycle, per agent</caption>
        <thead>
          <tr>
            <th scope="col">Agent</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
            <th scope="col">Change</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const name = nameOf(r.id);
            return (
              <tr key={r.id}>
                <th scope="row">
                  <Link to={`/agents/${r.id}`}>{name ?? r.id}</Link>
                  {name === null && <span className="muted"> (removed)</span>}
                </th>
                <td>
                  {r.before === null ? (
                    <span className="muted">joined during the cycle</span>
                  ) : (
                    <span className="mono">{trust(r.before)}</span>
                  )}
                </td>
                <td>
                  {r.after === null ? <span className="muted">removed</span> : <TrustValue value={r.after} />}
                </td>
                <td>
                  <Delta value={r.delta} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
