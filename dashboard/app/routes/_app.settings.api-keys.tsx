import {
  type ActionFunctionArgs,
  json,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/cloudflare";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { ApiKeyView } from "../../../shared/schemas/api-keys";
import { type ActionResult, ProblemNotice } from "../components/problem-notice";
import { RouteError } from "../components/route-error";
import { SecretOnce } from "../components/secret-once";
import { ApiKeyCreate } from "../components/settings/api-key-create";
import { ApiKeysTable } from "../components/settings/api-keys-table";
import { requireMay } from "../components/settings/guard.server";
import { utcIso } from "../components/settings/utc";
import { attempt, formNumber, formString, loadOr } from "../lib/actions.server";
import { requireAction, requireUser } from "../lib/auth.server";
import { dateTime } from "../lib/format";
import { useSignedIn } from "../lib/use-signed-in";

export const meta: MetaFunction = () => [{ title: "API keys · Settings · Warden" }];

interface Created {
  apiKey: ApiKeyView;
  key: string;
  previous?: ApiKeyView;
}

export async function loader(args: LoaderFunctionArgs) {
  const signed = await requireUser(args);
  requireMay(signed.user.role, "GET /api-keys", "API keys");
  const { apiKeys } = await loadOr(() => signed.api.get<{ apiKeys: ApiKeyView[] }>("/api-keys"));
  return json({ apiKeys }, { headers: signed.headers });
}

export async function action(args: ActionFunctionArgs) {
  const { api, form, headers } = await requireAction(args);
  const intent = formString(form, "intent");
  const id = encodeURIComponent(formString(form, "id"));
  return attempt(headers, async () => {
    if (intent === "create") {
      const expiresAt = utcIso(formString(form, "expiresAt"));
      const body = {
        name: formString(form, "name"),
        scopes: form.getAll("scopes").map(String),
        ...(expiresAt ? { expiresAt } : {}),
      };
      const created = await api.call<Created>("/api-keys", { method: "POST", body });
      return {
        message: `Created key "${created.apiKey.name}".`,
        once: { key: created.key, name: created.apiKey.name },
      };
    }
    if (intent === "rotate") {
      const grace = formNumber(form, "gracePeriodSeconds");
      const created = await api.call<Created>(`/api-keys/${id}/rotate`, {
        method: "POST",
        body: grace === undefined ? {} : { gracePeriodSeconds: grace },
      });
      const until = created.previous?.expiresAt;
      return {
        message: `Rotated key "${created.apiKey.name}". The old key works until ${until ? dateTime(until) : "now"}.`,
        once: { key: created.key, name: created.apiKey.name },
      };
    }
    if (intent === "revoke") {
      await api.call(`/api-keys/${id}`, { method: "DELETE" });
      return "Key revoked.";
    }
    return undefined;
  });
}

export default function ApiKeys() {
  const { apiKeys } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const { may } = useSignedIn();
  const newKey = typeof result?.once?.key === "string" ? result.once.key : null;
  return (
    <section className="stack" aria-labelledby="keys-heading">
      <div>
        <h2 id="keys-heading">API keys</h2>
        <p className="muted">
          Keys let programs call the API (<span className="mono">Authorization: Bearer wk_live_…</span>). Only
          a hash is stored: a key is shown once, when it is created or rotated.
        </p>
      </div>
      <ProblemNotice result={result} />
      {newKey && (
        <SecretOnce
          title="New API key"
          value={newKey}
          testId="new-api-key"
          note={`This is the only time the key "${String(result?.once?.name ?? "")}" is shown: copy it now.`}
        />
      )}
      {may("POST /api-keys") && <ApiKeyCreate result={result} />}
      <section className="card" aria-labelledby="key-list-heading">
        <h3 id="key-list-heading">Keys</h3>
        <ApiKeysTable keys={apiKeys} manage={may("DELETE /api-keys/{id}")} />
      </section>
    </section>
  );
}

export const ErrorBoundary = RouteError;
