import type { EventType } from "../../../../shared/events";

/** Every event type (shared/events.ts EVENT_TYPES); the type check keeps the copy honest. */
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
] as const satisfies readonly EventType[];

/** Types by family (`task`, `agent`…), which a subscription can take whole as `task.*`. */
export const EVENT_FAMILIES: { family: string; types: string[] }[] = (() => {
  const out = new Map<string, string[]>();
  for (const t of EVENT_TYPES) {
    const family = t.split(".")[0] ?? t;
    out.set(family, [...(out.get(family) ?? []), t]);
  }
  return [...out].map(([family, types]) => ({ family, types }));
})();
