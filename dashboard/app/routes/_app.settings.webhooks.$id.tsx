import {
  type ActionFunctionArgs,
  json,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/cloudflare";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import type { WebhookDeliveryView, WebhookView } from "../../../shared/schemas/webhooks";
import { CsrfInput } from "../components/csrf-input";
import { Field } from "../components/field";
import { type ActionResult, ProblemNotice } from "../components/problem-notice";
import { RouteError } from "../components/route-error";
import { SecretOnce } from "../components/secret-once";
import { DeliveryLog } from "../components/settings/delivery-log";
import { fieldMessage } from "../components/settings/field-message";
import { SelectField } from "../components/settings/select-field";
import { webhookAction } from "../components/settings/webhook-actions.server";
import { WebhookControls, WebhookStatus } from "../components/settings/webhook-controls";
import { loadOr } from "../lib/actions.server";
import { requireAction, requireUser } from "../lib/auth.server";
import { dateTime } from "../lib/format";
import { useLiveEvents } from "../lib/live/live-provider";
import { useSignedIn } from "../lib/use-signed-in";

export const meta: MetaFunction = () => [{ title: "Webhook deliveries · Settings · Warden" }];

const STATUSES = ["pending", "delivered", "failed"] as const;

export async function loader(args: LoaderFunctionArgs) {
  const signed = await requireUser(args);
  const id = encodeURIComponent(args.params.id ?? "");
  const url = new URL(args.request.url);
  const status = url.searchParams.get("status") ?? "";
  const cursor = url.searchParams.get("cursor") ?? undefined;
  const [webhook, page] = await loadOr(() =>
    Promise.all([
      signed.api.get<WebhookView>(`/webhooks/${id}`),
      signed.api.get<{ deliveries: WebhookDeliveryView[]; nextCursor: string | null }>(
        `/webhooks/${id}/deliveries`,
        {
          status: (STATUSES as readonly string[]).includes(status) ? status : undefined,
          cursor,
          limit: 50,
        },
      ),
    ]),
  );
  // Computed here, not while rendering, so server and browser agree on the form's default.
  const dayAgo = new Date(Date.now() - 24 * 3600 * 1000).toISOString().slice(0, 16);
  return json({ webhook, ...page, status, cursor: cursor ?? null, dayAgo }, { headers: signed.headers });
}

export async function action(args: ActionFunctionArgs) {
  const { api, form, headers } = await requireAction(args);
  return webhookAction(api, form, headers, "/settings/webhooks");
}

function BulkReplay({
  webhookId,
  dayAgo,
  result,
}: {
  webhookId: string;
  dayAgo: string;
  result: ActionResult | undefined;
}) {
  const busy = useNavigation().formData?.get("intent") === "replay-bulk";
  return (
    <Form method="post" className="form" aria-labelledby="bulk-replay-heading">
      <h3 id="bulk-replay-heading">Replay failed deliveries</h3>
      <CsrfInput />
      <input type="hidden" name="intent" value="replay-bulk" />
      <input type="hidden" name="id" value={webhookId} />
      <div className="row" style={{ alignItems: "end" }}>
        <Field
          label="Failed since (UTC)"
          name="since"
          type="datetime-local"
          required
          defaultValue={dayAgo}
          error={fieldMessage(result, "since")}
        />
        <button type="submit" disabled={busy}>
          {busy ? "Queuing…" : "Replay failed deliveries"}
        </button>
      </div>
    </Form>
  );
}

export default function WebhookDetail() {
  const { webhook, deliveries, nextCursor, status, cursor, dayAgo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const { may } = useSignedIn();
  const revalidator = useRevalidator();
  useLiveEvents(() => {
    if (revalidator.state === "idle") revalidator.revalidate();
  }, ["webhook.*"]);
  const secret = typeof result?.once?.secret === "string" ? result.once.secret : null;
  const keep = status ? `status=${encodeURIComponent(status)}&` : "";
  return (
    <section className="stack" aria-labelledby="webhook-heading">
      <p>
        <Link to="/settings/webhooks">← All endpoints</Link>
      </p>
      <div className="spread">
        <h2 id="webhook-heading" style={{ overflowWrap: "anywhere" }}>
          {webhook.url}
        </h2>
        <WebhookStatus hook={webhook} />
      </div>
      <ProblemNotice result={result} />
      {secret && <SecretOnce title="Signing secret" value={secret} testId="webhook-secret" />}
      <section className="card stack" aria-label="Endpoint">
        <dl className="kv">
          <dt>Description</dt>
          <dd>{webhook.description ?? "—"}</dd>
          <dt>Events</dt>
          <dd>
            {webhook.events.map((e) => (
              <span key={e} className="chip mono">
                {e}
              </span>
            ))}
          </dd>
          <dt>Last success</dt>
          <dd>{dateTime(webhook.lastSuccessAt)}</dd>
          <dt>Failing since</dt>
          <dd>{dateTime(webhook.failingSince)}</dd>
          <dt>Secret rotated</dt>
          <dd>{dateTime(webhook.secretRotatedAt)}</dd>
          <dt>Created</dt>
          <dd>{dateTime(webhook.createdAt)}</dd>
        </dl>
        {may("PATCH /webhooks/{id}") && <WebhookControls hook={webhook} />}
      </section>
      <section className="card stack" aria-labelledby="deliveries-heading">
        <div className="spread">
          <h3 id="deliveries-heading">Delivery log</h3>
          <button
            type="button"
            onClick={() => revalidator.revalidate()}
            disabled={revalidator.state !== "idle"}
          >
            {revalidator.state === "idle" ? "Refresh" : "Refreshing…"}
          </button>
        </div>
        <Form method="get" className="row" aria-label="Filter deliveries" style={{ alignItems: "end" }}>
          <SelectField
            label="Status"
            name="status"
            defaultValue={status}
            options={[{ value: "", label: "All" }, ...STATUSES.map((s) => ({ value: s, label: s }))]}
          />
          <button type="submit">Apply</button>
        </Form>
        <DeliveryLog deliveries={deliveries} canReplay={may("POST /webhooks/deliveries/{id}/replay")} />
        <div className="row">
          {cursor && <Link to={`?${keep}`}>Newest</Link>}
          {nextCursor && (
            <Link to={`?${keep}cursor=${encodeURIComponent(nextCursor)}`}>Older deliveries</Link>
          )}
        </div>
      </section>
      {may("POST /webhooks/{id}/deliveries/replay") && (
        <section className="card">
          <BulkReplay webhookId={webhook.id} dayAgo={dayAgo} result={result} />
        </section>
      )}
    </section>
  );
}

export const ErrorBoundary = RouteError;
