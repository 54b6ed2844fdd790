import { useSignedIn } from "../../lib/use-signed-in";
import { ConfirmAction } from "../confirm-dialog";
import { type ActionResult, ProblemNotice } from "../problem-notice";
import { SecretOnce } from "../secret-once";
import { signingState } from "./agent-kind-facts";
import type { Agent } from "./types";

/** The action's intent, and the tag its problems carry so this panel (not the controls) shows them. */
export const ROTATE_INTENT = "rotate-secret";

export function isRotation(result: ActionResult | undefined): boolean {
  return Boolean(result?.once?.signingSecret) || result?.problem?.intent === ROTATE_INTENT;
}

/**
 * An http agent's request signing: Warden signs every call with Standard Webhooks headers so the
 * agent can tell Warden from anyone else. Rotating shows the new secret once; the old one keeps
 * signing beside it for a while, so the agent can switch without dropping a task.
 */
export function AgentSigning({ agent, result }: { agent: Agent; result: ActionResult | undefined }) {
  const { may } = useSignedIn();
  if (agent.kind !== "http") return null;
  const state = signingState(agent);
  const secret = typeof result?.once?.signingSecret === "string" ? result.once.signingSecret : null;
  return (
    <section className="card stack" aria-labelledby="signing-heading">
      <h2 id="signing-heading">Request signing</h2>
      <p className="muted small">
        Every request to this agent carries <span className="mono">webhook-id</span>,{" "}
        <span className="mono">webhook-timestamp</span> and <span className="mono">webhook-signature</span>{" "}
        headers (Standard Webhooks), signed with its secret.
      </p>
      <ProblemNotice result={result} />
      {secret && (
        <SecretOnce
          title="New signing secret"
          value={secret}
          testId="agent-signing-secret"
          note="Copy it now; it will not be shown again. Give it to the agent before the previous secret retires."
        />
      )}
      <dl className="agent-facts" data-testid="agent-signing">
        <div>
          <dt>Secret</dt>
          <dd>{state.rotated}</dd>
        </div>
        <div>
          <dt>Previous secret</dt>
          <dd>{state.previous}</dd>
        </div>
      </dl>
      {may("POST /agents/{id}/rotate-secret") && (
        <div className="controls">
          <ConfirmAction
            label="Rotate signing secret"
            title={`Rotate the signing secret of ${agent.name}`}
            intent={ROTATE_INTENT}
          >
            <p>
              A new secret is shown once. For 24 hours every request is signed with both the new and the
              current one, so the agent can switch over without refusing Warden's calls.
            </p>
          </ConfirmAction>
        </div>
      )}
    </section>
  );
}
