import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { problems } from "../../shared/problems";
import { idParam, ListQuery } from "../../shared/schemas/common";
import { WebhookBulkReplaySchema, WebhookDeliverySchema } from "../../shared/schemas/webhooks";
import type { AppEnv } from "../context";
import { hubFor, viaHub } from "../hub-client";
import { decodeCursor, encodeCursor } from "../pagination";
import { createRouter } from "../router";
import { failedSince, getDelivery, listDeliveries, markPending } from "../webhooks/delivery-log";
import type { WebhookMessage } from "../webhooks/message";
import { ProblemResponses } from "./problem-responses";
import { json, tenantSecurity as security } from "./security";

const tags = ["Webhooks"];
/** A bulk replay re-sends at most this many deliveries; call again for the rest. */
const BULK_REPLAY_MAX = 1000;
const SEND_MAX = 100;
const DELIVERY_ID = /^dlv_[0-9a-hjkmnp-tv-z]{26}$/;

const tenantOf = (c: Context<AppEnv>) => c.get("principal").tenantId;

/** Replays need an endpoint that exists and is enabled: a disabled one would only skip them. */
async function assertDeliverable(c: Context<AppEnv>, webhookId: string): Promise<void> {
  const webhook = await viaHub(hubFor(c.env, tenantOf(c)).getWebhook(webhookId));
  if (!webhook.enabled)
    throw problems.conflict(`Webhook ${webhookId} is disabled: enable it before replaying.`);
}

async function enqueue(c: Context<AppEnv>, messages: WebhookMessage[]): Promise<void> {
  for (let i = 0; i < messages.length; i += SEND_MAX)
    await c.env.WEBHOOK_QUEUE.sendBatch(
      messages.slice(i, i + SEND_MAX).map((body) => ({ body, contentType: "json" as const })),
    );
  await markPending(
    c.env.DB,
    tenantOf(c),
    messages.map((m) => m.deliveryId),
  );
}

export const webhookDeliveriesRoutes = createRouter();

webhookDeliveriesRoutes.openapi(
  createRoute({
    method: "get",
    path: "/webhooks/{id}/deliveries",
    operationId: "listWebhookDeliveries",
    description:
      "The endpoint's deliveries newest first, each with every attempt (status code, duration, error), optionally filtered by status; paginated by cursor.",
    tags,
    summary: "An endpoint's deliveries with every attempt, newest first",
    security,
    request: {
      params: idParam("whk"),
      query: ListQuery.extend({ status: z.enum(["pending", "delivered", "failed"]).optional() }),
    },
    responses: {
      200: {
        description: "Deliveries",
        ...json(z.object({ deliveries: z.array(WebhookDeliverySchema), nextCursor: z.string().nullable() })),
      },
      ...ProblemResponses,
    },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const { cursor, limit, status } = c.req.valid("query");
    await viaHub(hubFor(c.env, tenantOf(c)).getWebhook(id));
    const rows = await listDeliveries(c.env.DB, tenantOf(c), id, {
      before: decodeCursor(cursor, DELIVERY_ID),
      status,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const next = rows.length > limit ? (page[page.length - 1]?.view.id ?? null) : null;
    return c.json({ deliveries: page.map((r) => r.view), nextCursor: encodeCursor(next) }, 200);
  },
);

webhookDeliveriesRoutes.openapi(
  createRoute({
    method: "post",
    path: "/webhooks/deliveries/{id}/replay",
    operationId: "replayWebhookDelivery",
    description:
      "Queues the delivery again with the same event and the same `webhook-id`, so a receiver that deduplicates on it sees a repeat, not a new event.",
    tags,
    summary: "Send a delivery again: same event, same `webhook-id`, a new attempt",
    security,
    request: { params: idParam("dlv") },
    responses: {
      202: { description: "Queued", ...json(z.object({ deliveryId: z.string() })) },
      ...ProblemResponses,
    },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const tenantId = tenantOf(c);
    const delivery = await getDelivery(c.env.DB, tenantId, id);
    if (!delivery) throw problems.notFound(`Delivery ${id}`);
    await assertDeliverable(c, delivery.view.webhookId);
    await enqueue(c, [
      { tenantId, webhookId: delivery.view.webhookId, deliveryId: id, event: delivery.event },
    ]);
    return c.json({ deliveryId: id }, 202);
  },
);

webhookDeliveriesRoutes.openapi(
  createRoute({
    method: "post",
    path: "/webhooks/{id}/deliveries/replay",
    operationId: "replayFailedWebhookDeliveries",
    tags,
    summary: "Send again every failed delivery of this endpoint created since a time",
    description: `At most ${BULK_REPLAY_MAX} per call, oldest first; call again for the rest.`,
    security,
    request: { params: idParam("whk"), body: { required: true, ...json(WebhookBulkReplaySchema) } },
    responses: {
      202: { description: "Queued", ...json(z.object({ replayed: z.number().int() })) },
      ...ProblemResponses,
    },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const { since } = c.req.valid("json");
    const tenantId = tenantOf(c);
    await assertDeliverable(c, id);
    const failed = await failedSince(c.env.DB, tenantId, id, new Date(since).toISOString(), BULK_REPLAY_MAX);
    await enqueue(
      c,
      failed.map((f) => ({ tenantId, webhookId: id, deliveryId: f.id, event: f.event })),
    );
    return c.json({ replayed: failed.length }, 202);
  },
);
