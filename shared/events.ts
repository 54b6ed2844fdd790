import { z } from "@hono/zod-openapi";

import { EVENT_TYPES } from "./event-types";

export { EVENT_TYPES } from "./event-types";
export const EventTypeSchema = z.enum(EVENT_TYPES);
export type EventType = z.infer<typeof EventTypeSchema>;

/** The versioned envelope every consumer (API, WebSocket, webhooks) receives. */
export const EventEnvelopeSchema = z
  .object({
    id: z.string().openapi({ example: "evt_01jd0000000000000000000000" }),
    seq: z.number().int().positive().describe("Per-tenant, gap-free, increasing. Clients dedupe by seq."),
    type: EventTypeSchema,
    version: z.literal(1),
    tenantId: z.string(),
    time: z.string(),
    correlationId: z.string(),
    agentId: z.string().optional(),
    taskId: z.string().optional(),
    cycleId: z.string().optional(),
    data: z.record(z.string(), z.unknown()),
  })
  .openapi("Event");
export type EventEnvelope = z.infer<typeof EventEnvelopeSchema>;
