import { dateTime, trust } from "../../lib/format";
import { StatusBadge } from "../status-badge";
import { duration } from "./stamp";
import type { GovState } from "./types";

const TASK_STATES = ["queued", "assigned", "succeeded", "failed", "cancelled"] as const;

/** The engine as it stands: threshold, circuit breaker, the open cycle and the task queue. */
export function StateCard({ state }: { state: GovState }) {
  const c = state.circuit;
  const byStatus = new Map<string, number>();
  for (const a of state.agents) byStatus.set(a.status, (byStatus.get(a.status) ?? 0) + 1);
  return (
    <section className="card" aria-labelledby="state-title" data-testid="governance-state">
      <h2 id="state-title">Current state</h2>
      <dl className="gov-facts">
        <div>
          <dt>Trust threshold</dt>
          <dd className="gov-big mono">{trust(state.threshold)}</dd>
        </div>
        <div>
          <dt>Circuit breaker</dt>
          <dd data-testid="circuit-state">
            <StatusBadge status={c.state} />
            {c.state === "open" && c.reopenAt !== null && (
              <span className="muted"> half-opens at {dateTime(c.reopenAt)}</span>
            )}
            {c.state === "half_open" && <span className="muted"> probe tasks running</span>}
            <span className="muted gov-small">cooldown {duration(c.cooldownMs)}</span>
          </dd>
        </div>
        <div>
          <dt>Current cycle</dt>
          <dd>
            <span className="gov-big">#{state.cycle.number}</span>
            <span className="muted gov-small">
              {state.cycle.results} result{state.cycle.results === 1 ? "" : "s"} so far · opened{" "}
              {dateTime(state.cycle.startedAt)}
            </span>
          </dd>
        </div>
        <div>
          <dt>Agents</dt>
          <dd>
            {state.agents.length === 0 ? (
              <span className="muted">none registered</span>
            ) : (
              [...byStatus].map(([status, n]) => (
                <span key={status} className="gov-count">
                  {n} <StatusBadge status={status} />
                </span>
              ))
            )}
          </dd>
        </div>
      </dl>
      <h3>Tasks</h3>
      <ul className="gov-tasks" aria-label="Tasks by status">
        {TASK_STATES.map((s) => (
          <li key={s}>
            <span className="gov-big">{state.tasks[s]}</span> <StatusBadge status={s} />
          </li>
        ))}
      </ul>
    </section>
  );
}
