import {
  type ActionFunctionArgs,
  json,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/cloudflare";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { TenantSettings, TenantView } from "../../../shared/schemas/tenant";
import { ConfirmAction } from "../components/confirm-dialog";
import { CsrfInput } from "../components/csrf-input";
import { Field } from "../components/field";
import { type ActionResult, ProblemNotice } from "../components/problem-notice";
import { RouteError } from "../components/route-error";
import { fieldMessage } from "../components/settings/field-message";
import { ModelPrices } from "../components/settings/model-prices";
import { syncSession } from "../components/settings/session-sync.server";
import { LIMIT_FIELDS, limitValue, TenantLimits } from "../components/settings/tenant-limits";
import { retentionPatch, TenantRetention } from "../components/settings/tenant-retention";
import { TenantUsage } from "../components/settings/tenant-usage";
import { attempt, formNumber, formString, loadOr } from "../lib/actions.server";
import { requireAction, requireUser } from "../lib/auth.server";
import { dateTime, usd } from "../lib/format";
import { destroySession } from "../lib/session.server";
import { useSignedIn } from "../lib/use-signed-in";

export const meta: MetaFunction = () => [{ title: "Organization · Settings · Warden" }];

export async function loader(args: LoaderFunctionArgs) {
  const signed = await requireUser(args);
  const tenant = await loadOr(() => signed.api.get<TenantView>("/tenant"));
  return json({ tenant }, { headers: signed.headers });
}

/** Only the limits changed in the form, nested as the API's settings patch. */
function limitsPatch(form: FormData): Record<string, unknown> {
  let seen: TenantSettings | null = null;
  try {
    seen = JSON.parse(String(form.get("seen") ?? "")) as TenantSettings;
  } catch {
    seen = null;
  }
  const patch: Record<string, unknown> = {};
  for (const f of LIMIT_FIELDS) {
    const v = formNumber(form, f.path);
    if (v === undefined || (seen && limitValue(seen, f.path) === v)) continue;
    const parts = f.path.split(".");
    let node = patch;
    for (const part of parts.slice(0, -1)) {
      node[part] = (node[part] as Record<string, unknown> | undefined) ?? {};
      node = node[part] as Record<string, unknown>;
    }
    node[parts[parts.length - 1] as string] = v;
  }
  return patch;
}

/** One model's two prices as typed; the API names whichever is out of range. */
function priceOf(form: FormData) {
  return {
    promptPerMillion: formNumber(form, "promptPerMillion"),
    completionPerMillion: formNumber(form, "completionPerMillion"),
  };
}

export async function action(args: ActionFunctionArgs) {
  const signed = await requireAction(args);
  const { api, form, headers } = signed;
  const intent = formString(form, "intent");
  return attempt(headers, async () => {
    if (intent === "rename") {
      const updated = await api.call<TenantView>("/tenant", {
        method: "PATCH",
        body: { name: formString(form, "name") },
      });
      await syncSession(args, signed, { tenantName: updated.name });
      return `Renamed to ${updated.name}.`;
    }
    if (intent === "limits") {
      const settings = limitsPatch(form);
      if (Object.keys(settings).length === 0) return "Nothing changed.";
      await api.call("/tenant", { method: "PATCH", body: { settings } });
      return "Limits saved.";
    }
    if (intent === "retention") {
      const retention = retentionPatch(form);
      if (Object.keys(retention).length === 0) return "Nothing changed.";
      await api.call("/tenant", { method: "PATCH", body: { settings: { retention } } });
      return "Retention saved.";
    }
    if (intent === "price" || intent === "price-add" || intent === "price-remove") {
      const model = formString(form, "model");
      const price = intent === "price-remove" ? null : priceOf(form);
      await api.call("/tenant", { method: "PATCH", body: { settings: { modelPrices: { [model]: price } } } });
      if (!price) return `Price of ${model} removed.`;
      return `Price of ${model} saved: ${usd(price.promptPerMillion)} prompt, ${usd(price.completionPerMillion)} completion per million tokens.`;
    }
    if (intent === "delete") {
      await api.call("/tenant", { method: "DELETE", body: { confirm: formString(form, "confirm") } });
      // The organization, its users and this session are gone: only signing in (elsewhere) remains.
      const env = args.context.cloudflare.env;
      throw redirect("/login", {
        headers: { "Set-Cookie": await destroySession(env, args.request, signed.session) },
      });
    }
    return undefined;
  });
}

function Rename({ name, result }: { name: string; result: ActionResult | undefined }) {
  const busy = useNavigation().formData?.get("intent") === "rename";
  return (
    <Form method="post" className="form" aria-labelledby="rename-heading">
      <h3 id="rename-heading">Rename</h3>
      <CsrfInput />
      <input type="hidden" name="intent" value="rename" />
      <div className="row" style={{ alignItems: "end" }}>
        <Field
          label="Organization name"
          name="name"
          required
          maxLength={100}
          defaultValue={name}
          error={fieldMessage(result, "name")}
        />
        <button type="submit" disabled={busy}>
          {busy ? "Saving…" : "Rename"}
        </button>
      </div>
      <span className="hint">The slug (used for SSO sign-in and to confirm deletion) does not change.</span>
    </Form>
  );
}

export default function Organization() {
  const { tenant } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const { may, user } = useSignedIn();
  return (
    <section className="stack" aria-labelledby="org-heading">
      <h2 id="org-heading">Organization</h2>
      <ProblemNotice result={result} />
      <section className="card stack" aria-label="Profile">
        <dl className="kv" data-testid="tenant-profile">
          <dt>Name</dt>
          <dd>{tenant.name}</dd>
          <dt>Slug</dt>
          <dd className="mono">{tenant.slug}</dd>
          <dt>Status</dt>
          <dd>
            <span className={`badge ${tenant.status === "active" ? "good" : "bad"}`}>{tenant.status}</span>
          </dd>
          <dt>ID</dt>
          <dd className="mono">{tenant.id}</dd>
          <dt>Created</dt>
          <dd>{dateTime(tenant.createdAt)}</dd>
        </dl>
        {may("PATCH /tenant") && <Rename key={tenant.name} name={tenant.name} result={result} />}
      </section>
      <TenantUsage usage={tenant.usage} />
      <section className="card">
        <TenantLimits
          key={JSON.stringify(tenant.settings)}
          settings={tenant.settings}
          editable={may("PATCH /tenant")}
          result={result}
        />
      </section>
      <section className="card">
        <TenantRetention
          key={JSON.stringify(tenant.settings.retention)}
          retention={tenant.settings.retention}
          editable={may("PATCH /tenant")}
          owner={user.role === "owner"}
          result={result}
        />
      </section>
      <section className="card">
        <ModelPrices
          prices={tenant.settings.modelPrices ?? {}}
          editable={may("PATCH /tenant")}
          result={result}
        />
      </section>
      {may("DELETE /tenant") && (
        <section className="card stack danger-zone" aria-labelledby="danger-heading">
          <h3 id="danger-heading">Delete the organization</h3>
          <p>
            Deletes every user, API key, agent, task, event and audit entry of <strong>{tenant.name}</strong>.
            Keys and sessions stop working at once. This cannot be undone.
          </p>
          {fieldMessage(result, "confirm") && (
            <p className="field-error">{fieldMessage(result, "confirm")}</p>
          )}
          <div>
            <ConfirmAction label="Delete organization" title={`Delete ${tenant.name}`} intent="delete" danger>
              <p>
                Type the organization's slug, <strong className="mono">{tenant.slug}</strong>, to confirm.
              </p>
              <label>
                Slug
                <input name="confirm" required autoComplete="off" pattern={escapePattern(tenant.slug)} />
              </label>
            </ConfirmAction>
          </div>
        </section>
      )}
    </section>
  );
}

/** The slug as an exact-match `pattern` (slugs are plain, but a pattern must not misread them). */
function escapePattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export const ErrorBoundary = RouteError;
