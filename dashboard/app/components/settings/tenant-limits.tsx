import { Form, useNavigation } from "@remix-run/react";
import type { TenantSettings } from "../../../../shared/schemas/tenant";
import { CsrfInput } from "../csrf-input";
import type { ActionResult } from "../problem-notice";
import { fieldMessage } from "./field-message";

/** The tenant's rate limits and live-connection cap, as `settings.…` paths the API names in errors. */
export const LIMIT_FIELDS = [
  {
    path: "rateLimits.perKey.burst",
    label: "Per key: burst",
    hint: "tokens; 1 ≤ x ≤ 1,000,000, integer",
    step: 1,
    min: 1,
  },
  {
    path: "rateLimits.perKey.perSecond",
    label: "Per key: refill per second",
    hint: "0.001 ≤ x ≤ 1,000,000",
    step: "any",
    min: 0.001,
  },
  {
    path: "rateLimits.perTenant.burst",
    label: "Whole organization: burst",
    hint: "1 ≤ x ≤ 1,000,000, integer",
    step: 1,
    min: 1,
  },
  {
    path: "rateLimits.perTenant.perSecond",
    label: "Whole organization: refill per second",
    hint: "0.001 ≤ x ≤ 1,000,000",
    step: "any",
    min: 0.001,
  },
  {
    path: "liveConnections",
    label: "Live connections",
    hint: "open WebSockets at once; 1 ≤ x ≤ 32,000",
    step: 1,
    min: 1,
  },
] as const;

export function limitValue(settings: TenantSettings, path: string): number {
  let v: unknown = settings;
  for (const part of path.split(".")) v = (v as Record<string, unknown> | undefined)?.[part];
  return typeof v === "number" ? v : Number.NaN;
}

const INTRO =
  "A request costs one token, a batch of N tasks costs N. The burst is the bucket size; the refill is the sustained rate.";

/** Rate limits and connection cap: editable by admins, read-only otherwise. */
export function TenantLimits({
  settings,
  editable,
  result,
}: {
  settings: TenantSettings;
  editable: boolean;
  result: ActionResult | undefined;
}) {
  const busy = useNavigation().formData?.get("intent") === "limits";
  if (!editable)
    return (
      <section aria-labelledby="limits-heading">
        <h3 id="limits-heading">Limits</h3>
        <p className="muted">{INTRO}</p>
        <dl className="kv">
          {LIMIT_FIELDS.map((f) => (
            <div key={f.path} style={{ display: "contents" }}>
              <dt>{f.label}</dt>
              <dd className="mono">{limitValue(settings, f.path)}</dd>
            </div>
          ))}
        </dl>
      </section>
    );
  return (
    <Form method="post" className="form" aria-labelledby="limits-heading">
      <h3 id="limits-heading">Limits</h3>
      <p className="muted">{INTRO}</p>
      <CsrfInput />
      <input type="hidden" name="intent" value="limits" />
      <input type="hidden" name="seen" value={JSON.stringify(settings)} />
      <div className="form-grid">
        {LIMIT_FIELDS.map((f) => {
          const error = fieldMessage(result, `settings.${f.path}`);
          const id = `limit-${f.path}`;
          return (
            <label key={f.path} htmlFor={id}>
              {f.label}
              <input
                id={id}
                name={f.path}
                type="number"
                min={f.min}
                step={f.step}
                required
                defaultValue={limitValue(settings, f.path)}
                aria-invalid={error ? true : undefined}
              />
              <span className="hint">{f.hint}</span>
              {error && <span className="field-error">{error}</span>}
            </label>
          );
        })}
      </div>
      <div>
        <button type="submit" disabled={busy}>
          {busy ? "Saving…" : "Save limits"}
        </button>
      </div>
    </Form>
  );
}
