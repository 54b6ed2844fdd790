import type { EventEnvelope } from "../../../../shared/events";

/** The slices of the API's answers the overview reads (kept local: no zod in the browser). */

export type CircuitName = "closed" | "open" | "half_open";

export interface GovState {
  threshold: number;
  circuit: { state: CircuitName; reopenAt: number | null; cooldownMs: number };
  cycle: { id: string; number: number; startedAt: number; results: number };
  agents: { id: string; name: string; trust: number; status: string }[];
  tasks: { queued: number; assigned: number; succeeded: number; failed: number; cancelled: number };
  lastSeq: number;
}

export interface AgentCard {
  id: string;
  name: string;
  trust: number;
  status: string;
  drifting: boolean;
  lastOutcome: string | null;
  lastResultAt: string | null;
}

export interface Analytics {
  from: string;
  to: string;
  totals: { attempts: number; succeeded: number; failed: number; successRate: number | null; cycles: number };
  series: {
    start: string;
    attempts: number;
    succeeded: number;
    failed: number;
    successRate: number | null;
  }[];
  trust: { agentId: string; points: { at: string; trust: number }[] }[];
  cycles: { id: string; number: number; endedAt: string; successRate: number; meanTrust: number }[];
}

/** A firing alert of the tenant's alert rules (GET /alerts?state=firing). */
export interface RuleAlert {
  id: string;
  rule: string;
  subject: string | null;
  severity: "warning" | "critical";
  summary: string;
  firedAt: string;
}

export interface OverviewData {
  state: GovState;
  /** Firing rule alerts when the page loaded; alert.* events move them on. */
  ruleAlerts: RuleAlert[];
  agents: AgentCard[];
  /** Null while the analytics route is unavailable: the KPIs fall back to live state. */
  analytics: Analytics | null;
  /** Recent outcome and trust events, oldest first. */
  recent: EventEnvelope[];
}

export type { EventEnvelope };

/** The events that move something on the overview. */
export const OUTCOME_TYPES = ["task.completed", "task.failed", "task.retried"];
/** What the page loads from the log to start with: the feed and the recent detail of the trust chart. */
export const SEED_TYPES = [...OUTCOME_TYPES, "trust.updated"];
export const OVERVIEW_TYPES = [
  ...OUTCOME_TYPES,
  "trust.updated",
  "agent.*",
  "drift.detected",
  "circuit.*",
  "cycle.completed",
  "alert.*",
];
