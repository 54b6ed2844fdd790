import { useSignedIn } from "../../lib/use-signed-in";
import { ConfirmAction } from "../confirm-dialog";
import { type ActionResult, ProblemNotice } from "../problem-notice";
import type { Agent } from "./types";

/**
 * An operator's levers on one agent, each asking for confirmation and a reason for the audit
 * log. Only the levers the user's role may pull are shown.
 */
export function AgentControls({ agent, result }: { agent: Agent; result: ActionResult | undefined }) {
  const { may } = useSignedIn();
  const canTrust = may("POST /agents/{id}/trust");
  const canSuppress = may("POST /agents/{id}/suppress");
  const canReinstate = may("POST /agents/{id}/reinstate");
  if (!canTrust && !canSuppress && !canReinstate) return null;
  return (
    <section className="card stack" aria-labelledby="controls-heading">
      <h2 id="controls-heading">Manual controls</h2>
      <ProblemNotice result={result} />
      <div className="controls">
        {canTrust && (
          <ConfirmAction
            label="Override trust"
            title={`Override the trust of ${agent.name}`}
            intent="trust"
            reason
          >
            <label>
              New trust (0 to 1)
              <input
                type="number"
                name="trust"
                min={0}
                max={1}
                step={0.001}
                required
                defaultValue={agent.trust.toFixed(3)}
              />
            </label>
          </ConfirmAction>
        )}
        {canSuppress && (
          <ConfirmAction label="Suppress" title={`Suppress ${agent.name}`} intent="suppress" danger reason>
            <p className="muted">
              It takes no new tasks until its suppression runs out, then returns on probation.
            </p>
          </ConfirmAction>
        )}
        {canReinstate && (
          <ConfirmAction label="Reinstate" title={`Reinstate ${agent.name}`} intent="reinstate" reason>
            <p className="muted">
              Back to active at once, with its suppression history cleared. Trust stays as it is.
            </p>
          </ConfirmAction>
        )}
      </div>
      <p className="muted small">
        Currently <strong>{agent.status}</strong>. Every change is recorded in the audit log with its reason.
      </p>
    </section>
  );
}
