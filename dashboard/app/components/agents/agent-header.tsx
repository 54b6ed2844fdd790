import { Link } from "@remix-run/react";
import { dateTime, pct } from "../../lib/format";
import { StatusBadge, TrustValue } from "../status-badge";
import { AgentKindFacts } from "./agent-kind-facts";
import { OutcomeBadge } from "./outcome-badge";
import type { Agent } from "./types";

/** Who the agent is and how it stands right now. */
export function AgentHeader({ agent }: { agent: Agent }) {
  const k = agent.counters;
  const judged = k.successes + k.failures + k.timeouts;
  return (
    <section className="card stack" aria-label="Agent summary">
      <p className="muted small" style={{ margin: 0 }}>
        <Link to="/agents">← All agents</Link>
      </p>
      <div className="agent-header">
        <div className="stack-tight">
          <h1>{agent.name}</h1>
          <span className="mono muted" data-testid="agent-id">
            {agent.id}
          </span>
          <span className="row tight" data-testid="agent-status">
            <StatusBadge status={agent.status} />
            {agent.drifting && <span className="badge warn">drifting</span>}
            <span className="muted small">{agent.kind}</span>
          </span>
          <span>
            <span className="sr-only">Capabilities: </span>
            {agent.capabilities.length === 0 ? (
              <span className="muted small">Takes tasks of any capability</span>
            ) : (
              agent.capabilities.map((c) => (
                <span key={c} className="chip">
                  {c}
                </span>
              ))
            )}
          </span>
        </div>
        <div className="stack-tight" style={{ textAlign: "right" }}>
          <span className="muted small">Trust</span>
          <span className="trust-big" data-testid="agent-trust">
            <TrustValue value={agent.trust} />
          </span>
        </div>
      </div>
      <dl className="agent-facts">
        <div>
          <dt>Last result</dt>
          <dd>{agent.lastResultAt ? <OutcomeBadge outcome={agent.lastOutcome} /> : "none yet"}</dd>
        </div>
        <div>
          <dt>Last result at</dt>
          <dd>{dateTime(agent.lastResultAt)}</dd>
        </div>
        <div>
          <dt>Success rate</dt>
          <dd>{judged ? pct(k.successes / judged) : "—"}</dd>
        </div>
        <div>
          <dt>Attempts judged</dt>
          <dd>
            {k.successes} ok · {k.failures} failed · {k.timeouts} timed out
          </dd>
        </div>
        <div>
          <dt>Load</dt>
          <dd>
            {agent.inFlight} / {agent.maxConcurrency} in flight
          </dd>
        </div>
        <div>
          <dt>Suppressions</dt>
          <dd>
            {k.suppressions}
            {agent.status === "suppressed" && agent.suppressedUntil && (
              <> · until {dateTime(agent.suppressedUntil)}</>
            )}
          </dd>
        </div>
        <AgentKindFacts agent={agent} />
        <div>
          <dt>Registered</dt>
          <dd>{dateTime(agent.createdAt)}</dd>
        </div>
      </dl>
    </section>
  );
}
