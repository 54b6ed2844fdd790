/**
 * Kept free of zod so the dashboard's browser code can list event types without shipping the
 * schema library.
 */
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
  "alert.fired",
  "alert.resolved",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];
