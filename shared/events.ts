import { z } from "@hono/zod-openapi";

/** Every event type Warden emits (ARCHITECTURE §4). */
export const EVENT_TYPES = [
  "task.created",
  "task.assigned",
  "task.completed",
  "task.failed",
  "task.retried",
  "task.cancelled",
  "trust.updated",
  "agent.registered",
  "agent.updated",
  "agent.removed",
  "agent.suppressed",
  "agent.probation",
  "agent.reinstated",
  "agent.excluded",
  "drift.detected",
  "circuit.opened",
  "circuit.half_opened",
  "circuit.closed",
  "cycle.completed",
  "mutation.applied",
  "config.updated",
  "webhook.disabled",
  "webhook.test",
] as const;
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
