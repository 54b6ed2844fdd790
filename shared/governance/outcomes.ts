import { recordCircuitResult } from "./circuit";
import { closeCycle, countResult, noteHappening } from "./cycle";
import { observeDrift } from "./drift";
import { isCounted, isFailure, isSlow, trustAfter } from "./learning";
import { type EngineState, event } from "./state";
import { autoSuppress, redeemIfEarned } from "./suppression";
import { attemptsUsed, nextAttemptNumber, releaseSlot, toQueued, toTerminal } from "./tasks";
import type { AgentState, DomainEvent, ResultInput, TaskAttempt, TaskState } from "./types";

/** Rate-limited agents without a Retry-After back off this long. */
export const DEFAULT_RETRY_AFTER_MS = 1_000;
/** A Retry-After beyond this is treated as this: an agent cannot park itself for days. */
export const MAX_RETRY_AFTER_MS = 3_600_000;

/**
 * Applies one result to an open attempt: task state (complete / retry / fail), the agent's
 * learning, drift and suppression, the circuit breaker and the cycle counters, in that order.
 * The caller has checked that `attempt` is the task's open attempt.
 */
export function applyResult(
  state: EngineState,
  task: TaskState,
  attempt: TaskAttempt,
  r: ResultInput,
  now: number,
  out: DomainEvent[],
): void {
  const agent = state.agents.get(attempt.agentId);
  const wasProbe = releaseSlot(state, attempt);
  const latencyMs = Math.max(0, r.latencyMs);
  attempt.outcome = r.outcome;
  attempt.latencyMs = latencyMs;
  attempt.finishedAt = now;
  if (r.reason !== undefined) attempt.reason = r.reason;
  if (r.detail !== undefined) attempt.detail = r.detail;
  const slow = isSlow(r.outcome, latencyMs, agent?.slowMs ?? state.config.slowMs);
  const backoffMs = Math.min(MAX_RETRY_AFTER_MS, Math.max(0, r.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS));

  const result: SettledResult = { r, slow, backoffMs, now, out };
  settleTask(state, task, attempt, result);
  if (agent) learn(state, agent, task, result);
  countResult(state, r.outcome, slow);
  if (isCounted(r.outcome)) recordCircuitResult(state, isFailure(r.outcome), wasProbe, now, out);
  if (state.cycle.results >= state.config.cycleMaxResults) closeCycle(state, now, out);
}

/** One result as both halves of applyResult see it: the report, what it means, where events go. */
interface SettledResult {
  r: ResultInput;
  slow: boolean;
  backoffMs: number;
  now: number;
  out: DomainEvent[];
}

function settleTask(state: EngineState, task: TaskState, attempt: TaskAttempt, result: SettledResult): void {
  const { r, slow, backoffMs, now, out } = result;
  const base: Record<string, unknown> = {
    agentId: attempt.agentId,
    attempt: attempt.attempt,
    outcome: r.outcome,
    latencyMs: attempt.latencyMs,
    probe: attempt.probe,
  };
  if (r.detail !== undefined) base.detail = r.detail;
  if (r.reason !== undefined) base.reason = r.reason;
  const refs = { taskId: task.id, agentId: attempt.agentId };

  switch (r.outcome) {
    case "success":
      toTerminal(state, task, "succeeded", null, now);
      out.push(event("task.completed", { ...base, slow }, refs));
      return;
    case "failure":
    case "timeout": {
      const used = attemptsUsed(task);
      if (used < task.maxAttempts) {
        toQueued(state, task);
        out.push(
          event(
            "task.retried",
            { ...base, nextAttempt: nextAttemptNumber(task), attemptsUsed: used, consumesAttempt: true },
            refs,
          ),
        );
      } else {
        const reason = r.reason ?? r.outcome;
        toTerminal(state, task, "failed", reason, now);
        out.push(event("task.failed", { ...base, reason, attempts: used }, refs));
      }
      return;
    }
    case "rate_limited":
      // The agent was busy, not wrong: re-queue without spending an attempt, a bounded number of times.
      if (task.rateLimitRequeues < state.config.maxRateLimitRequeues) {
        task.rateLimitRequeues += 1;
        toQueued(state, task);
        out.push(
          event(
            "task.retried",
            {
              ...base,
              nextAttempt: nextAttemptNumber(task),
              consumesAttempt: false,
              retryAfterMs: backoffMs,
              rateLimitRequeues: task.rateLimitRequeues,
            },
            refs,
          ),
        );
      } else {
        toTerminal(state, task, "failed", "rate_limited", now);
        out.push(
          event("task.failed", { ...base, reason: "rate_limited", attempts: attemptsUsed(task) }, refs),
        );
      }
      return;
    case "rejected":
      toTerminal(state, task, "failed", "rejected", now);
      out.push(event("task.failed", { ...base, reason: "rejected", attempts: attemptsUsed(task) }, refs));
      return;
  }
}

function learn(state: EngineState, agent: AgentState, task: TaskState, result: SettledResult): void {
  const { r, slow, backoffMs, now, out } = result;
  const config = state.config;
  agent.lastOutcome = r.outcome;
  agent.lastResultAt = now;
  switch (r.outcome) {
    case "success":
      agent.successes += 1;
      if (slow) agent.slowSuccesses += 1;
      agent.consecutiveSuccesses += 1;
      break;
    case "failure":
      agent.failures += 1;
      agent.consecutiveSuccesses = 0;
      break;
    case "timeout":
      agent.timeouts += 1;
      agent.consecutiveSuccesses = 0;
      break;
    case "rate_limited":
      agent.rateLimited += 1;
      agent.backoffUntil = Math.max(agent.backoffUntil ?? 0, now + backoffMs);
      return;
    case "rejected":
      agent.rejected += 1;
      return;
  }

  const before = agent.trust;
  agent.trust = trustAfter(before, r.outcome, slow, config);
  out.push(
    event(
      "trust.updated",
      { before, after: agent.trust, outcome: r.outcome, slow, manual: false },
      { agentId: agent.id, taskId: task.id },
    ),
  );

  const success = r.outcome === "success";
  const drift = observeDrift(agent, success, before, config);
  if (drift.detected) {
    const d = drift.detected;
    noteHappening(state, {
      kind: "drift",
      agentId: agent.id,
      drift: d.kind,
      ...(d.kind === "trust_drop" ? { from: d.from, to: d.to } : {}),
    });
    out.push(event("drift.detected", { ...d, trust: agent.trust }, { agentId: agent.id }));
  }
  if (drift.cleared) {
    out.push(
      event(
        "agent.updated",
        { reason: "drift_cleared", drifting: false, changes: {} },
        { agentId: agent.id },
      ),
    );
  }

  if (success) {
    redeemIfEarned(state, agent, out);
    return;
  }
  // Suppressed and excluded agents only finish what they already had; their status stays.
  if (agent.status === "probation") autoSuppress(state, agent, now, "probation_failure", out);
  else if (agent.status === "active" && agent.trust < config.suppressionThreshold) {
    autoSuppress(state, agent, now, "low_trust", out);
  }
}
