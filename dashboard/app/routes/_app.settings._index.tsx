import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/cloudflare";
import { useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import type { GovernanceConfig } from "../../../shared/governance/config";
import { type ActionResult, ProblemNotice } from "../components/problem-notice";
import { RouteError } from "../components/route-error";
import { CONFIG_KEYS } from "../components/settings/governance-fields";
import { GovernanceForm, GovernanceView } from "../components/settings/governance-form";
import { type ConfigValues, changedFields, parseField } from "../components/settings/governance-validate";
import { attempt, loadOr } from "../lib/actions.server";
import { requireAction, requireUser } from "../lib/auth.server";
import { useLiveEvents } from "../lib/live/live-provider";
import { useSignedIn } from "../lib/use-signed-in";

export async function loader(args: LoaderFunctionArgs) {
  const signed = await requireUser(args);
  const config = await loadOr(() => signed.api.get<GovernanceConfig>("/governance/config"));
  return json({ config }, { headers: signed.headers });
}

function seenOf(text: string): ConfigValues {
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed && typeof parsed === "object" ? (parsed as ConfigValues) : {};
  } catch {
    return {};
  }
}

export async function action(args: ActionFunctionArgs) {
  const { api, form, headers } = await requireAction(args);
  return attempt(headers, async () => {
    const submitted: ConfigValues = {};
    for (const key of CONFIG_KEYS) {
      const raw = form.get(key);
      // An unchecked checkbox is not submitted at all: that means "off".
      submitted[key] = parseField(key, typeof raw === "string" ? raw : false);
    }
    const patch = changedFields(seenOf(String(form.get("seen") ?? "")), submitted);
    const names = Object.keys(patch);
    if (names.length === 0) return "Nothing changed.";
    await api.call("/governance/config", { method: "PATCH", body: patch });
    return `Saved ${names.join(", ")}.`;
  });
}

export default function GovernanceSettings() {
  const { config } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const { may } = useSignedIn();
  const revalidator = useRevalidator();
  useLiveEvents(() => {
    if (revalidator.state === "idle") revalidator.revalidate();
  }, ["config.updated"]);
  const editable = may("PATCH /governance/config");
  return (
    <section className="stack" aria-labelledby="governance-heading">
      <div>
        <h2 id="governance-heading">Governance parameters</h2>
        <p className="muted">
          How the gate, learning, suppression, circuit breaker, drift detection and cycles behave. Changes
          apply to the next decision and are recorded in the audit log as{" "}
          <span className="mono">config.change</span>.
        </p>
      </div>
      {!editable && (
        <p className="notice warn" role="note">
          Your role can view these parameters but not change them.
        </p>
      )}
      <ProblemNotice result={result} />
      {editable ? <GovernanceForm config={config} result={result} /> : <GovernanceView config={config} />}
    </section>
  );
}

export const ErrorBoundary = RouteError;
