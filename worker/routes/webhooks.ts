import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { newId } from "../../shared/ids";
import { outboundUrlProblem } from "../../shared/outbound-url";
import { problems } from "../../shared/problems";
import { idParam } from "../../shared/schemas/common";
import {
  WebhookCreatedSchema,
  WebhookCreateSchema,
  WebhookPatchSchema,
  WebhookSchema,
  WebhookSecretRotatedSchema,
  type WebhookView,
} from "../../shared/schemas/webhooks";
import { recordAudit } from "../audit";
import type { AppEnv } from "../context";
import { hubFor, viaHub } from "../hub-client";
import { allowLocalUrls } from "../outbound-policy";
import { createRouter } from "../router";
import { sealWebhookSecret } from "../webhooks/secrets";
import { generateWebhookSecret } from "../webhooks/sign";
import { ProblemResponses } from "./problem-responses";
import { json, tenantSecurity as security } from "./security";
import { webhookDeliveriesRoutes } from "./webhook-deliveries";

const tags = ["Webhooks"];
const Params = idParam("whk");
/** During a rotation the old secret keeps signing this long, so receivers can switch unhurried. */
const ROTATION_GRACE_MS = 24 * 3600_000;

const target = (id: string) => ({ type: "webhook", id });
/** What the audit log keeps of an endpoint: its settings, never a secret. */
const auditView = (w: WebhookView) => ({
  url: w.url,
  events: w.events,
  description: w.description,
  enabled: w.enabled,
});

function assertUrl(c: Context<AppEnv>, url: string | undefined): void {
  if (url === undefined) return;
  const problem = outboundUrlProblem(url, { allowLocal: allowLocalUrls(c.env) });
  if (problem) throw problems.validation([{ field: "url", message: problem }]);
}

const tenantOf = (c: Context<AppEnv>) => c.get("principal").tenantId;
const hub = (c: Context<AppEnv>) => hubFor(c.env, tenantOf(c));

export const webhooksRoutes = createRouter();

webhooksRoutes.openapi(
  createRoute({
    method: "get",
    path: "/webhooks",
    operationId: "listWebhooks",
    description:
      "Every webhook endpoint of the tenant with its URL, subscribed event types and state. Signing secrets are never returned.",
    tags,
    summary: "The tenant's webhook endpoints, newest first (secrets are never returned)",
    security,
    responses: {
      200: { description: "Endpoints", ...json(z.object({ webhooks: z.array(WebhookSchema) })) },
      ...ProblemResponses,
    },
  }),
  async (c) => c.json({ webhooks: await hub(c).listWebhooks() }, 200),
);

webhooksRoutes.openapi(
  createRoute({
    method: "post",
    path: "/webhooks",
    operationId: "createWebhook",
    tags,
    summary: "Register a webhook endpoint (its signing secret is shown once)",
    description:
      "Deliveries follow the Standard Webhooks spec: `webhook-id` (the event id), `webhook-timestamp` and " +
      "`webhook-signature` headers, the event envelope as the JSON body.",
    security,
    request: { body: { required: true, ...json(WebhookCreateSchema) } },
    responses: { 201: { description: "Created", ...json(WebhookCreatedSchema) }, ...ProblemResponses },
  }),
  async (c) => {
    const input = c.req.valid("json");
    assertUrl(c, input.url);
    const tenantId = tenantOf(c);
    const id = newId("whk");
    const secret = generateWebhookSecret();
    const sealed = await sealWebhookSecret(c.env.WARDEN_ENCRYPTION_KEY, tenantId, id, secret);
    const webhook = await viaHub(hub(c).createWebhook(id, input, sealed));
    await recordAudit(c, tenantId, {
      action: "webhook.create",
      target: target(id),
      after: auditView(webhook),
    });
    return c.json({ webhook, secret }, 201);
  },
);

webhooksRoutes.openapi(
  createRoute({
    method: "get",
    path: "/webhooks/{id}",
    operationId: "getWebhook",
    description: "One endpoint with its URL, subscribed event types, description and whether it is enabled.",
    tags,
    summary: "One webhook endpoint",
    security,
    request: { params: Params },
    responses: { 200: { description: "The endpoint", ...json(WebhookSchema) }, ...ProblemResponses },
  }),
  async (c) => c.json(await viaHub(hub(c).getWebhook(c.req.valid("param").id)), 200),
);

webhooksRoutes.openapi(
  createRoute({
    method: "patch",
    path: "/webhooks/{id}",
    operationId: "updateWebhook",
    description:
      "Changes the fields given. A new URL must be an address Warden may call. Disabling an endpoint stops new deliveries to it; enabling it resumes them.",
    tags,
    summary: "Change an endpoint's URL, subscriptions or description, or enable/disable it",
    security,
    request: { params: Params, body: { required: true, ...json(WebhookPatchSchema) } },
    responses: { 200: { description: "Updated", ...json(WebhookSchema) }, ...ProblemResponses },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const patch = c.req.valid("json");
    assertUrl(c, patch.url);
    const { before, after } = await viaHub(hub(c).updateWebhook(id, patch));
    await recordAudit(c, tenantOf(c), {
      action: "webhook.update",
      target: target(id),
      before: auditView(before),
      after: auditView(after),
    });
    return c.json(after, 200);
  },
);

webhooksRoutes.openapi(
  createRoute({
    method: "delete",
    path: "/webhooks/{id}",
    operationId: "deleteWebhook",
    description: "Removes the endpoint; deliveries still queued for it are dropped and no new ones are made.",
    tags,
    summary: "Remove an endpoint (deliveries still queued for it are dropped)",
    security,
    request: { params: Params },
    responses: { 204: { description: "Removed" }, ...ProblemResponses },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const before = await viaHub(hub(c).deleteWebhook(id));
    await recordAudit(c, tenantOf(c), {
      action: "webhook.delete",
      target: target(id),
      before: auditView(before),
    });
    return c.body(null, 204);
  },
);

webhooksRoutes.openapi(
  createRoute({
    method: "post",
    path: "/webhooks/{id}/rotate-secret",
    operationId: "rotateWebhookSecret",
    tags,
    summary: "Issue a new signing secret; the old one keeps signing for 24 h",
    description:
      "Until `previousSecretExpiresAt` each delivery carries two space-separated `v1,` signatures, one per secret.",
    security,
    request: { params: Params },
    responses: { 200: { description: "Rotated", ...json(WebhookSecretRotatedSchema) }, ...ProblemResponses },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const tenantId = tenantOf(c);
    const secret = generateWebhookSecret();
    const sealed = await sealWebhookSecret(c.env.WARDEN_ENCRYPTION_KEY, tenantId, id, secret);
    const { previousSecretExpiresAt } = await viaHub(
      hub(c).rotateWebhookSecret(id, sealed, ROTATION_GRACE_MS),
    );
    await recordAudit(c, tenantId, {
      action: "webhook.rotate_secret",
      target: target(id),
      after: { previousSecretExpiresAt },
    });
    return c.json({ secret, previousSecretExpiresAt }, 200);
  },
);

webhooksRoutes.openapi(
  createRoute({
    method: "post",
    path: "/webhooks/{id}/test",
    operationId: "testWebhook",
    description:
      "Queues one `webhook.test` event for this endpoint only, signed like any other delivery, so a receiver can be checked end to end. Follow it in the endpoint's deliveries.",
    tags,
    summary: "Send a `webhook.test` event to this endpoint only",
    security,
    request: { params: Params },
    responses: {
      202: {
        description: "Queued; follow it in the endpoint's deliveries",
        ...json(z.object({ eventId: z.string(), seq: z.number().int() })),
      },
      ...ProblemResponses,
    },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const sent = await viaHub(hub(c).testWebhook(id, { correlationId: c.get("requestId") }));
    return c.json(sent, 202);
  },
);

webhooksRoutes.route("/", webhookDeliveriesRoutes);
