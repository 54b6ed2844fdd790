import { isCurrentProbe } from "./circuit";
import { isCounted } from "./learning";
import type { EngineState } from "./state";
import type { TaskAttempt, TaskState, TaskStatus, VoidReason } from "./types";

/** Task lifecycle bookkeeping shared by results, timeouts, cancels, releases and removals. */

export function isTerminal(status: TaskStatus): boolean {
  return status === "succeeded" || status === "failed" || status === "cancelled";
}

/** The attempt a result may still be recorded for: the last one, while the task is assigned. */
export function openAttempt(task: TaskState, attempt: number): TaskAttempt | undefined {
  if (task.status !== "assigned") return undefined;
  const last = task.attempts[task.attempts.length - 1];
  if (!last || last.attempt !== attempt || last.outcome !== undefined || last.voided !== undefined)
    return undefined;
  return last;
}

/** Attempts that count against maxAttempts: those that ran and said something about the agent. */
export function attemptsUsed(task: TaskState): number {
  let used = 0;
  for (const a of task.attempts) if (a.outcome !== undefined && isCounted(a.outcome)) used += 1;
  return used;
}

/**
 * Frees the agent's slot (and the probe slot) held by an attempt that is ending. Returns whether
 * it was a probe of the current half-open period, which only the caller can still act on.
 */
export function releaseSlot(state: EngineState, attempt: TaskAttempt): boolean {
  const probe = isCurrentProbe(state.circuit, attempt);
  if (probe) state.circuit.probesInFlight = Math.max(0, state.circuit.probesInFlight - 1);
  const agent = state.agents.get(attempt.agentId);
  if (agent) {
    agent.inFlight = Math.max(0, agent.inFlight - 1);
    if (attempt.provisional) agent.probationInFlight = Math.max(0, agent.probationInFlight - 1);
  }
  return probe;
}

export function voidAttempt(state: EngineState, attempt: TaskAttempt, reason: VoidReason, now: number): void {
  releaseSlot(state, attempt);
  attempt.voided = reason;
  attempt.finishedAt = now;
}

export function toQueued(state: EngineState, task: TaskState): void {
  task.status = "queued";
  task.holdReason = null;
  state.assigned.delete(task.id);
  state.queued.set(task.id, task);
}

export function toAssigned(state: EngineState, task: TaskState): void {
  task.status = "assigned";
  task.holdReason = null;
  state.queued.delete(task.id);
  state.assigned.set(task.id, task);
}

export function toTerminal(
  state: EngineState,
  task: TaskState,
  status: "succeeded" | "failed" | "cancelled",
  reason: string | null,
  now: number,
): void {
  task.status = status;
  task.reason = reason;
  task.holdReason = null;
  task.finishedAt = now;
  state.queued.delete(task.id);
  state.assigned.delete(task.id);
}

/** The number the next attempt will get; voided attempts keep their numbers so late results stay stale. */
export function nextAttemptNumber(task: TaskState): number {
  return task.attempts.length + 1;
}
