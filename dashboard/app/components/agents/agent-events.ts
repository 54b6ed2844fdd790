import type { EventEnvelope } from "../../../../shared/events";
import { type Agent, STATUS_AFTER } from "./types";

/** The events that change what an agent row or header shows. */
export const AGENT_EVENT_TYPES = [
  "trust.updated",
  "agent.*",
  "drift.detected",
  "task.assigned",
  "task.completed",
  "task.failed",
  "task.retried",
  "task.cancelled",
];

/** Events whose effect is easier to reload than to patch (a new or removed row, renamed agent). */
export function needsReload(e: EventEnvelope): boolean {
  return (
    e.type === "agent.registered" ||
    e.type === "agent.removed" ||
    (e.type === "agent.updated" && e.data.reason === "patch")
  );
}

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

type Counters = Agent["counters"];

/** Outcomes that move trust are counted from the trust change itself (one event per attempt). */
function judged(k: Counters, e: EventEnvelope): Counters {
  switch (e.data.outcome) {
    case "success":
      return {
        ...k,
        successes: k.successes + 1,
        slowSuccesses: k.slowSuccesses + (e.data.slow === true ? 1 : 0),
      };
    case "failure":
      return { ...k, failures: k.failures + 1 };
    case "timeout":
      return { ...k, timeouts: k.timeouts + 1 };
    default:
      return k;
  }
}

/** Outcomes that leave trust alone are counted from the task's own event. */
function unjudged(k: Counters, outcome: string): Counters {
  if (outcome === "rate_limited") return { ...k, rateLimited: k.rateLimited + 1 };
  if (outcome === "rejected") return { ...k, rejected: k.rejected + 1 };
  return k;
}

/** The agent as it is after one event (the same object when the event does not concern it). */
export function applyAgentEvent(agent: Agent, e: EventEnvelope): Agent {
  if (e.agentId !== agent.id) return agent;
  const status = STATUS_AFTER[e.type];
  if (status) {
    const until = num(e.data.until);
    const trust = num(e.data.trust);
    const k = agent.counters;
    return {
      ...agent,
      status,
      suppressedUntil: status === "suppressed" && until !== null ? new Date(until).toISOString() : null,
      counters: e.type === "agent.suppressed" ? { ...k, suppressions: k.suppressions + 1 } : k,
      ...(trust !== null ? { trust } : {}),
    };
  }
  switch (e.type) {
    case "trust.updated": {
      const after = num(e.data.after);
      return after === null ? agent : { ...agent, trust: after, counters: judged(agent.counters, e) };
    }
    case "drift.detected":
      return { ...agent, drifting: true };
    case "agent.updated":
      return e.data.reason === "drift_cleared" ? { ...agent, drifting: false } : agent;
    case "task.assigned":
      return { ...agent, inFlight: Math.min(agent.maxConcurrency, agent.inFlight + 1) };
    case "task.cancelled":
      // Only a cancel that voided this agent's running attempt names the agent in its data.
      return e.data.agentId === agent.id ? { ...agent, inFlight: Math.max(0, agent.inFlight - 1) } : agent;
    case "task.completed":
    case "task.failed":
    case "task.retried": {
      const outcome = str(e.data.outcome);
      const freed = { ...agent, inFlight: Math.max(0, agent.inFlight - 1) };
      if (!outcome) return freed;
      return {
        ...freed,
        lastOutcome: outcome,
        lastResultAt: e.time,
        counters: unjudged(freed.counters, outcome),
      };
    }
    default:
      return agent;
  }
}

export function applyAgentEvents(agent: Agent, events: EventEnvelope[]): Agent {
  return events.reduce(applyAgentEvent, agent);
}
