import { Link } from "@remix-run/react";
import { clock } from "../../lib/format";
import { StatusBadge, TrustValue } from "../status-badge";
import type { AgentCard } from "./types";

const OUTCOME_TONE: Record<string, string> = {
  success: "good",
  failure: "bad",
  timeout: "bad",
  rate_limited: "warn",
  rejected: "warn",
};

function TrustBar({ value }: { value: number }) {
  const band = value > 0.7 ? "good" : value >= 0.4 ? "warn" : "bad";
  return (
    <span className="ov-gauge" aria-hidden="true">
      <span className={`ov-gauge-fill ${band}`} style={{ width: `${Math.round(value * 100)}%` }} />
    </span>
  );
}

/** A card per agent: trust, status and the last result, each linking to the agent's page. */
export function AgentHealth({ agents }: { agents: AgentCard[] }) {
  const sorted = [...agents].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <section className="card" aria-labelledby="health-title">
      <h2 id="health-title">Agent health</h2>
      <ul className="health-grid ov-health" data-testid="agent-health" aria-label="Agent health">
        {sorted.map((a) => (
          <li key={a.id} className={`ov-agent-card ${a.status}`} data-agent-id={a.id}>
            <div className="spread">
              <Link to={`/agents/${a.id}`} className="ov-name">
                {a.name}
              </Link>
              <StatusBadge status={a.status} />
            </div>
            <div className="row ov-trust">
              <span className="muted">Trust</span> <TrustValue value={a.trust} />
              {a.drifting && <span className="badge warn">drifting</span>}
            </div>
            <TrustBar value={a.trust} />
            <p className="muted ov-last">
              {a.lastOutcome ? (
                <>
                  Last:{" "}
                  <span className={`badge ${OUTCOME_TONE[a.lastOutcome] ?? "info"}`}>
                    {a.lastOutcome.replace("_", " ")}
                  </span>
                  {a.lastResultAt && (
                    <>
                      {" "}
                      at <time dateTime={a.lastResultAt}>{clock(a.lastResultAt)}</time>
                    </>
                  )}
                </>
              ) : (
                "No results yet"
              )}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
