import type { GovernanceConfig } from "./config";

/**
 * Public shapes of the governance engine. Everything here is plain JSON (no Map, Set, Date or
 * Infinity) because the hub stores these objects as rows and restores the engine from them.
 * Times are milliseconds since the epoch, always supplied by the caller.
 */

export type AgentStatus = "active" | "probation" | "suppressed" | "excluded";
export type Outcome = "success" | "failure" | "timeout" | "rate_limited" | "rejected";
export type TaskStatus = "queued" | "assigned" | "succeeded" | "failed" | "cancelled";
export type HoldReason = "no_capable_agent" | "trust_gate" | "capacity" | "circuit_open";
export type CircuitStateName = "closed" | "open" | "half_open";

export interface AgentInput {
  id: string;
  name: string;
  capabilities: string[];
  maxConcurrency: number;
  /** Latency above which a success is slow; defaults to config.slowMs at registration. */
  slowMs?: number;
  /** Time one attempt may take; defaults to config.taskTimeoutMs at registration. */
  timeoutMs?: number;
}

export type AgentPatch = Partial<Omit<AgentInput, "id">>;

/** Page-Hinkley accumulator for a decrease in the agent's success mean (see drift.ts). */
export interface PageHinkleyState {
  n: number;
  mean: number;
  cumulative: number;
  max: number;
}

export interface AgentState {
  id: string;
  name: string;
  capabilities: string[];
  maxConcurrency: number;
  slowMs: number;
  timeoutMs: number;
  trust: number;
  status: AgentStatus;
  inFlight: number;
  /** Tasks in flight that were taken under the probation rules (provisional access). */
  probationInFlight: number;
  /** All successes, slow ones included. */
  successes: number;
  failures: number;
  slowSuccesses: number;
  timeouts: number;
  rateLimited: number;
  rejected: number;
  /** Reset by a failure or timeout, and when probation starts (redemption counts from there). */
  consecutiveSuccesses: number;
  /** Drives the suppression length; forgiven one per forgivenessMs without a suppression. */
  suppressionCount: number;
  /** Times of suppressions within exclusionWindowMs, oldest first. */
  suppressions: number[];
  suppressedUntil: number | null;
  lastSuppressedAt: number | null;
  lastForgivenAt: number | null;
  /** Set by a rate_limited result: no new assignments before this time. */
  backoffUntil: number | null;
  drifting: boolean;
  /** Trust before each of the agent's last driftWindow trust-changing results, oldest first. */
  recentTrust: number[];
  ph: PageHinkleyState;
  lastOutcome: Outcome | null;
  lastResultAt: number | null;
  assignedTotal: number;
  registeredAt: number;
}

export interface TaskInput {
  id: string;
  impact: number;
  urgency: number;
  risk: number;
  capabilities: string[];
  maxAttempts?: number;
}

/** Why an attempt ended without an outcome; such attempts never count against maxAttempts. */
export type VoidReason = "released" | "agent_removed" | "cancelled" | "dead_lettered";

export interface TaskAttempt {
  attempt: number;
  agentId: string;
  assignedAt: number;
  deadline: number;
  probe: boolean;
  /** Taken under the probation rules rather than by passing the trust gate. */
  provisional: boolean;
  outcome?: Outcome;
  latencyMs?: number;
  finishedAt?: number;
  voided?: VoidReason;
  /** The executor's machine-readable cause (e.g. `invalid_output`) and its short explanation. */
  reason?: string;
  detail?: string;
}

export interface TaskState {
  id: string;
  impact: number;
  urgency: number;
  risk: number;
  capabilities: string[];
  maxAttempts: number;
  createdAt: number;
  status: TaskStatus;
  /** Every attempt ever made, numbered from 1; the last one is current while assigned. */
  attempts: TaskAttempt[];
  rateLimitRequeues: number;
  holdReason: HoldReason | null;
  /** Why the task failed or was cancelled. */
  reason: string | null;
  finishedAt: number | null;
}

export interface Assignment {
  taskId: string;
  agentId: string;
  attempt: number;
  probe: boolean;
  deadline: number;
  /** agent.assignedTotal after this assignment, 1-based (simulated agents degrade after N tasks). */
  agentTaskNumber: number;
}

export interface Hold {
  taskId: string;
  reason: HoldReason;
}

export interface TickResult {
  assignments: Assignment[];
  holds: Hold[];
  events: DomainEvent[];
}

export interface ResultInput {
  taskId: string;
  attempt: number;
  outcome: Outcome;
  latencyMs: number;
  /** From the agent's Retry-After on a rate_limited outcome; 1 s when absent. */
  retryAfterMs?: number;
  /**
   * A machine-readable cause within the outcome class, such as `invalid_output` for a failure
   * whose output broke the agent's contract. A task that fails for good keeps it as its reason.
   */
  reason?: string;
  detail?: string;
}

export interface ResultResponse {
  accepted: boolean;
  events: DomainEvent[];
}

export type EventType =
  | "task.created"
  | "task.assigned"
  | "task.completed"
  | "task.failed"
  | "task.retried"
  | "task.cancelled"
  | "trust.updated"
  | "agent.registered"
  | "agent.updated"
  | "agent.removed"
  | "agent.suppressed"
  | "agent.probation"
  | "agent.reinstated"
  | "agent.excluded"
  | "drift.detected"
  | "circuit.opened"
  | "circuit.half_opened"
  | "circuit.closed"
  | "cycle.completed"
  | "mutation.applied"
  | "config.updated"
  // Not the engine's: the hub appends these for webhooks and alerts through the same log.
  | "webhook.disabled"
  | "webhook.test"
  | "alert.fired"
  | "alert.resolved";

export interface DomainEvent {
  type: EventType;
  agentId?: string;
  taskId?: string;
  cycleId?: string;
  data: Record<string, unknown>;
}

export interface CircuitState {
  state: CircuitStateName;
  openedAt: number | null;
  /** Cooldown of the current or next opening; doubles after a failed probe. */
  cooldownMs: number;
  /** While open: when it half-opens. While half-open: when it did. Null when closed. */
  reopenAt: number | null;
  /** Last circuitWindow counted results, oldest first; `true` marks a failure or timeout. */
  window: boolean[];
  probesInFlight: number;
  probeSuccesses: number;
}

export type MutationDirection = "raise" | "lower" | "none";

export interface Mutation {
  direction: MutationDirection;
  /** thresholdAfter − thresholdBefore. */
  delta: number;
  reason: string;
}

export type SuppressionCause = "low_trust" | "probation_failure" | "manual";
export type CircuitOpenReason = "failure_rate" | "blast_radius" | "probe_failed";

/** Something worth a sentence in the cycle's reflection. */
export type CycleHappening =
  | { kind: "suppressed"; agentId: string; trust: number; durationMs: number; cause: SuppressionCause }
  | { kind: "excluded"; agentId: string; trust: number; suppressions: number }
  | { kind: "probation"; agentId: string }
  | { kind: "redeemed"; agentId: string; trust: number }
  | { kind: "reinstated"; agentId: string; reason: string }
  | { kind: "trust_override"; agentId: string; from: number; to: number; reason: string }
  | { kind: "drift"; agentId: string; drift: "trust_drop" | "page_hinkley"; from?: number; to?: number }
  | { kind: "blast_radius"; agentId: string; capability: string | null; suppressed: number; pool: number }
  | {
      kind: "circuit_opened";
      reason: CircuitOpenReason;
      failureRate?: number;
      samples?: number;
      cooldownMs: number;
    }
  | { kind: "circuit_half_opened" }
  | { kind: "circuit_closed" };

/** The open cycle, as held in a snapshot. */
export interface CycleState {
  id: string;
  number: number;
  startedAt: number;
  results: number;
  /** Successes, slow ones included. */
  successes: number;
  failures: number;
  timeouts: number;
  rateLimited: number;
  rejected: number;
  slow: number;
  assignments: number;
  assignmentsRespectingRules: number;
  suppressed: string[];
  redeemed: string[];
  excluded: string[];
  trustBefore: Record<string, number>;
  /** Bounded: the reflection summarises what did not fit. */
  happenings: CycleHappening[];
  happeningsDropped: number;
}

export interface CycleRecord {
  id: string;
  number: number;
  startedAt: number;
  endedAt: number;
  results: number;
  successes: number;
  failures: number;
  timeouts: number;
  rateLimited: number;
  rejected: number;
  slow: number;
  successRate: number;
  meanTrust: number;
  assignments: number;
  assignmentsRespectingRules: number;
  constraintScore: number;
  suppressed: string[];
  redeemed: string[];
  excluded: string[];
  thresholdBefore: number;
  thresholdAfter: number;
  mutation: Mutation;
  trustBefore: Record<string, number>;
  trustAfter: Record<string, number>;
  notes: string[];
}

export interface CycleSummary {
  id: string;
  number: number;
  startedAt: number;
  results: number;
}

export interface EngineSnapshot {
  version: 1;
  config: GovernanceConfig;
  threshold: number;
  circuit: CircuitState;
  cycle: CycleState;
  rngState: number;
  cycleCounter: number;
  agents: AgentState[];
  tasks: TaskState[];
}

export interface EngineOptions {
  /** Restores the engine; the constructor's config argument wins over the snapshot's copy. */
  snapshot?: EngineSnapshot;
  /** Id of cycle n (1-based); defaults to `cyc_${n}`. */
  newCycleId?: (n: number) => string;
  /** Start of the first cycle for a fresh engine; otherwise the first `now` the engine is given. */
  now?: number;
}
