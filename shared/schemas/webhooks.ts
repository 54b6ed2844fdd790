import { z } from "@hono/zod-openapi";
import { isSubscriptionPattern } from "../webhooks/subscriptions";
import { Timestamp } from "./common";

const EventPatterns = z
  .array(
    z
      .string()
      .max(64)
      .refine(isSubscriptionPattern, "must be an event type, a family such as `task.*`, or `*`"),
  )
  .min(1, "subscribe to at least one event type")
  .max(64)
  .openapi({ example: ["task.completed", "agent.*"] });

// The URL's reachability rules (https, no private hosts) are checked in the route, where the
// deployment's policy is known.
const Url = z.string().trim().max(2048).openapi({ example: "https://hooks.example.com/warden" });

export const WebhookCreateSchema = z
  .strictObject({
    url: Url,
    events: EventPatterns,
    description: z.string().trim().max(500).optional(),
    enabled: z.boolean().default(true),
  })
  .openapi("WebhookCreate");
export type WebhookCreate = z.infer<typeof WebhookCreateSchema>;

export const WebhookPatchSchema = z
  .strictObject({
    url: Url.optional(),
    events: EventPatterns.optional(),
    description: z.string().trim().max(500).nullable().optional(),
    enabled: z.boolean().optional().describe("Re-enabling clears the failure count."),
  })
  .openapi("WebhookPatch");
export type WebhookPatch = z.infer<typeof WebhookPatchSchema>;

export const WebhookSchema = z
  .object({
    id: z.string().openapi({ example: "whk_01jd0000000000000000000000" }),
    url: z.string(),
    events: z.array(z.string()),
    description: z.string().nullable(),
    enabled: z.boolean(),
    disabledReason: z.string().nullable(),
    disabledAt: Timestamp.nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    secretRotatedAt: Timestamp.nullable(),
    consecutiveFailures: z.number().int(),
    failingSince: Timestamp.nullable(),
    lastSuccessAt: Timestamp.nullable(),
  })
  .openapi("Webhook");
export type WebhookView = z.infer<typeof WebhookSchema>;

export const WebhookCreatedSchema = z
  .object({
    webhook: WebhookSchema,
    secret: z.string().describe("The signing secret (`whsec_…`). Shown only in this response: store it now."),
  })
  .openapi("WebhookCreated");

export const WebhookSecretRotatedSchema = z
  .object({
    secret: z.string().describe("The new signing secret. Shown only in this response."),
    previousSecretExpiresAt: Timestamp.describe(
      "Until then every delivery carries a signature under each secret.",
    ),
  })
  .openapi("WebhookSecretRotated");

export const WebhookAttemptSchema = z
  .object({
    attempt: z.number().int(),
    at: Timestamp,
    outcome: z.enum(["delivered", "failed", "gone", "skipped"]),
    statusCode: z.number().int().nullable(),
    latencyMs: z.number().int().nullable(),
    response: z.string().nullable().describe("The first 1 KB of the response body."),
    error: z.string().nullable(),
  })
  .openapi("WebhookAttempt");

export const WebhookDeliverySchema = z
  .object({
    id: z.string().openapi({ example: "dlv_01jd0000000000000000000000" }),
    webhookId: z.string(),
    eventId: z.string().describe("Also the `webhook-id` header, so receivers can deduplicate."),
    eventType: z.string(),
    eventSeq: z.number().int(),
    status: z.enum(["pending", "delivered", "failed"]),
    attempts: z.array(WebhookAttemptSchema),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi("WebhookDelivery");
export type WebhookDeliveryView = z.infer<typeof WebhookDeliverySchema>;

export const WebhookBulkReplaySchema = z
  .strictObject({
    since: z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time" }),
  })
  .openapi("WebhookBulkReplay");
