import { Form } from "@remix-run/react";
import type { WebhookView } from "../../../../shared/schemas/webhooks";
import { ConfirmAction } from "../confirm-dialog";
import { CsrfInput } from "../csrf-input";

function Quick({
  id,
  intent,
  label,
  extra,
  aria,
}: {
  id: string;
  intent: string;
  label: string;
  extra?: [string, string];
  aria: string;
}) {
  return (
    <Form method="post" className="inline-form">
      <CsrfInput />
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="id" value={id} />
      {extra && <input type="hidden" name={extra[0]} value={extra[1]} />}
      <button type="submit" aria-label={aria}>
        {label}
      </button>
    </Form>
  );
}

/** Enable/disable, send a test, rotate the secret, delete: the admin's controls for one endpoint. */
export function WebhookControls({ hook }: { hook: WebhookView }) {
  return (
    <div className="actions-cell">
      <Quick
        id={hook.id}
        intent="toggle"
        extra={["enabled", String(!hook.enabled)]}
        label={hook.enabled ? "Disable" : "Enable"}
        aria={`${hook.enabled ? "Disable" : "Enable"} ${hook.url}`}
      />
      <Quick id={hook.id} intent="test" label="Send test" aria={`Send a test event to ${hook.url}`} />
      <ConfirmAction label="Rotate secret" title={`Rotate the signing secret of ${hook.url}`} intent="rotate">
        <input type="hidden" name="id" value={hook.id} />
        <p>
          A new secret is shown once. For 24 hours every delivery is signed with both, so the receiver can
          switch over.
        </p>
      </ConfirmAction>
      <ConfirmAction label="Delete" title={`Delete the endpoint ${hook.url}`} intent="delete" danger>
        <input type="hidden" name="id" value={hook.id} />
        <p>Deliveries still queued for it are dropped. This cannot be undone.</p>
      </ConfirmAction>
    </div>
  );
}

/** Enabled, disabled (and why), or failing. */
export function WebhookStatus({ hook }: { hook: WebhookView }) {
  if (!hook.enabled)
    return (
      <span className="badge bad" title={hook.disabledReason ?? undefined}>
        disabled{hook.disabledReason ? `: ${hook.disabledReason}` : ""}
      </span>
    );
  if (hook.consecutiveFailures > 0)
    return <span className="badge warn">failing ({hook.consecutiveFailures} in a row)</span>;
  return <span className="badge good">enabled</span>;
}
