import { compareIds, type EngineState, event } from "./state";
import { attemptsUsed, toTerminal } from "./tasks";
import type { DomainEvent, TaskState } from "./types";

/**
 * The trust gate never lowers itself to clear a queue: a risky task may wait for an agent trusted
 * enough, and once the low-risk work that builds trust is done, nothing may ever qualify. So
 * every task gets a bound on its wait, and one that reaches it fails with a reason instead of
 * waiting forever. Measured from submission, so retries do not extend it.
 */
export function queueDeadline(task: TaskState, state: EngineState): number {
  return task.createdAt + state.config.queueTimeoutMs;
}

export function expireQueued(state: EngineState, now: number, out: DomainEvent[]): void {
  const expired: TaskState[] = [];
  for (const task of state.queued.values()) if (queueDeadline(task, state) <= now) expired.push(task);
  expired.sort((a, b) => a.createdAt - b.createdAt || compareIds(a.id, b.id));
  for (const task of expired) {
    const holdReason = task.holdReason;
    toTerminal(state, task, "failed", "queue_timeout", now);
    out.push(
      event(
        "task.failed",
        {
          outcome: null,
          latencyMs: null,
          reason: "queue_timeout",
          holdReason,
          waitedMs: now - task.createdAt,
          attempts: attemptsUsed(task),
        },
        { taskId: task.id },
      ),
    );
  }
}

/** The earliest queue deadline, or null when nothing waits. */
export function nextQueueDeadline(state: EngineState): number | null {
  let next: number | null = null;
  for (const task of state.queued.values()) {
    const at = queueDeadline(task, state);
    if (next === null || at < next) next = at;
  }
  return next;
}
