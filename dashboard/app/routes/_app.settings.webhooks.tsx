import {
  type ActionFunctionArgs,
  json,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/cloudflare";
import { useActionData, useLoaderData, useOutlet } from "@remix-run/react";
import type { WebhookView } from "../../../shared/schemas/webhooks";
import { type ActionResult, ProblemNotice } from "../components/problem-notice";
import { RouteError } from "../components/route-error";
import { SecretOnce } from "../components/secret-once";
import { webhookAction } from "../components/settings/webhook-actions.server";
import { WebhookCreate } from "../components/settings/webhook-create";
import { WebhooksTable } from "../components/settings/webhooks-table";
import { loadOr } from "../lib/actions.server";
import { requireAction, requireUser } from "../lib/auth.server";
import { useSignedIn } from "../lib/use-signed-in";

export const meta: MetaFunction = () => [{ title: "Webhooks · Settings · Warden" }];

export async function loader(args: LoaderFunctionArgs) {
  const signed = await requireUser(args);
  // The detail page (a child route) loads its own data; the list is not needed under it.
  if (new URL(args.request.url).pathname.replace(/\/$/, "") !== "/settings/webhooks")
    return json({ webhooks: [] as WebhookView[] }, { headers: signed.headers });
  const { webhooks } = await loadOr(() => signed.api.get<{ webhooks: WebhookView[] }>("/webhooks"));
  return json({ webhooks }, { headers: signed.headers });
}

export async function action(args: ActionFunctionArgs) {
  const { api, form, headers } = await requireAction(args);
  return webhookAction(api, form, headers);
}

export default function Webhooks() {
  const outlet = useOutlet();
  if (outlet) return outlet;
  return <WebhookList />;
}

function WebhookList() {
  const { webhooks } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const { may } = useSignedIn();
  const secret = typeof result?.once?.secret === "string" ? result.once.secret : null;
  return (
    <section className="stack" aria-labelledby="webhooks-heading">
      <div>
        <h2 id="webhooks-heading">Webhooks</h2>
        <p className="muted">
          Warden POSTs each matching event to your endpoints, signed per the Standard Webhooks spec (
          <span className="mono">webhook-id</span>, <span className="mono">webhook-timestamp</span>,{" "}
          <span className="mono">webhook-signature</span>), retrying failures with backoff.
        </p>
      </div>
      <ProblemNotice result={result} />
      {secret && (
        <SecretOnce
          title="Signing secret"
          value={secret}
          testId="webhook-secret"
          note="Verify each delivery's signature with this secret. It is shown only now."
        />
      )}
      <section className="card" aria-labelledby="webhook-list-heading">
        <h3 id="webhook-list-heading">Endpoints</h3>
        <WebhooksTable hooks={webhooks} manage={may("PATCH /webhooks/{id}")} />
      </section>
      {may("POST /webhooks") && <WebhookCreate result={result} />}
    </section>
  );
}

export const ErrorBoundary = RouteError;
