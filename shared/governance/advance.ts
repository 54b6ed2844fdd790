import { maybeHalfOpen } from "./circuit";
import { closeCycle, cycleDueAt } from "./cycle";
import { applyResult } from "./outcomes";
import { expireQueued, nextQueueDeadline } from "./queue-timeout";
import { compareIds, type EngineState, event } from "./state";
import { applyForgiveness, endSuppression, nextForgivenessAt } from "./suppression";
import type { DomainEvent, TaskAttempt, TaskState } from "./types";

/**
 * Everything that happens because time passed: deadlines, queue timeouts, suppression expiry,
 * forgiveness, backoff expiry, the circuit's cooldown and the cycle's time limit. Idempotent for a given `now`.
 */
export function advanceTime(state: EngineState, now: number, out: DomainEvent[]): void {
  const expired: { task: TaskState; attempt: TaskAttempt }[] = [];
  for (const task of state.assigned.values()) {
    const attempt = task.attempts[task.attempts.length - 1];
    if (task && attempt && attempt.outcome === undefined && attempt.deadline <= now)
      expired.push({ task, attempt });
  }
  expired.sort((a, b) => a.attempt.deadline - b.attempt.deadline || compareIds(a.task.id, b.task.id));
  for (const { task, attempt } of expired) {
    const latencyMs = now - attempt.assignedAt;
    applyResult(
      state,
      task,
      attempt,
      { taskId: task.id, attempt: attempt.attempt, outcome: "timeout", latencyMs },
      now,
      out,
    );
  }
  expireQueued(state, now, out);

  for (const agent of state.agents.values()) {
    if (agent.status === "suppressed" && agent.suppressedUntil !== null && agent.suppressedUntil <= now) {
      endSuppression(state, agent, out);
    }
    const forgiven = applyForgiveness(agent, now, state.config);
    if (forgiven > 0) {
      out.push(
        event(
          "agent.updated",
          { reason: "forgiveness", forgiven, suppressionCount: agent.suppressionCount, changes: {} },
          { agentId: agent.id },
        ),
      );
    }
    if (agent.backoffUntil !== null && agent.backoffUntil <= now) agent.backoffUntil = null;
  }

  maybeHalfOpen(state, now, out);

  const due = cycleDueAt(state);
  if (due !== null && now >= due) closeCycle(state, now, out);
}

/**
 * The earliest time at which advanceTime has something to do, or null. It may lie in the past
 * when the caller has not advanced yet; schedule at max(now, result).
 */
export function nextWakeAt(state: EngineState): number | null {
  let next: number | null = null;
  const consider = (t: number | null) => {
    if (t !== null && (next === null || t < next)) next = t;
  };
  for (const task of state.assigned.values()) {
    const attempt = task.attempts[task.attempts.length - 1];
    if (attempt && attempt.outcome === undefined && attempt.voided === undefined) consider(attempt.deadline);
  }
  consider(nextQueueDeadline(state));
  for (const agent of state.agents.values()) {
    if (agent.status === "suppressed") consider(agent.suppressedUntil);
    consider(agent.backoffUntil);
    consider(nextForgivenessAt(agent, state.config));
  }
  if (state.circuit.state === "open") consider(state.circuit.reopenAt);
  consider(cycleDueAt(state));
  return next;
}
