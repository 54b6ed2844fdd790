import { ms } from "../../lib/format";
import { EmptyState } from "../empty-state";
import { StatusBadge } from "../status-badge";
import { stamp } from "./stamp";
import type { EventEnvelope } from "./types";

const STATE_AFTER: Record<string, string> = {
  "circuit.opened": "open",
  "circuit.half_opened": "half_open",
  "circuit.closed": "closed",
};

const num = (x: unknown) => (typeof x === "number" ? x : null);

/** Why the breaker moved, in words, from the event's data. */
function reason(e: EventEnvelope): string {
  const d = e.data;
  if (e.type === "circuit.closed") return `${num(d.probes) ?? 0} probe tasks succeeded`;
  if (e.type === "circuit.half_opened")
    return `cooldown of ${ms(num(d.cooldownMs))} over: up to ${num(d.probes) ?? "?"} probes with risk ≤ ${num(d.probeMaxRisk) ?? "?"}`;
  const cooldown = `cooldown ${ms(num(d.cooldownMs))}`;
  switch (d.reason) {
    case "failure_rate":
      return `${Math.round((num(d.failureRate) ?? 0) * 100)}% of the last ${num(d.samples) ?? "?"} results failed; ${cooldown}`;
    case "probe_failed":
      return `a probe task failed; ${cooldown}`;
    case "blast_radius":
      return `blast-radius guard: too many agents of one pool were suppressed; ${cooldown}`;
    default:
      return cooldown;
  }
}

export function CircuitHistory({ events }: { events: EventEnvelope[] | null }) {
  return (
    <section className="card" aria-labelledby="circuit-title">
      <h2 id="circuit-title">Circuit breaker history</h2>
      {events === null ? (
        <p className="muted">
          The event log cannot be filtered by type yet, so the history is not available.
        </p>
      ) : events.length === 0 ? (
        <EmptyState title="The circuit breaker has not moved">
          <p>It opens when too many results fail, and closes again after successful probe tasks.</p>
        </EmptyState>
      ) : (
        <div className="table-wrap gov-scroll">
          <table>
            <caption className="sr-only">Circuit breaker transitions, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Transition</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.seq}>
                  <td>
                    <time dateTime={e.time}>{stamp(e.time)}</time>
                  </td>
                  <td>
                    <StatusBadge status={STATE_AFTER[e.type] ?? e.type} />
                  </td>
                  <td>{reason(e)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
