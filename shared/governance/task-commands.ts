import { GovernanceError } from "./errors";
import { ResultInputSchema, TaskBatchInputSchema } from "./inputs";
import { applyResult } from "./outcomes";
import { priority } from "./priority";
import { type EngineState, event } from "./state";
import { isTerminal, nextAttemptNumber, openAttempt, toQueued, toTerminal, voidAttempt } from "./tasks";
import type { DomainEvent, ResultInput, ResultResponse, TaskInput, TaskState } from "./types";

/** Task commands: submit, cancel, results, and the hub's two escape hatches (release, abandon). */

export function submitTasks(state: EngineState, inputs: TaskInput[], now: number): DomainEvent[] {
  const parsed = TaskBatchInputSchema.parse(inputs);
  // Validate the whole batch before touching state, so a bad batch changes nothing.
  const seen = new Set<string>();
  for (const t of parsed) {
    if (state.tasks.has(t.id) || seen.has(t.id))
      throw new GovernanceError("task_exists", `task ${t.id} already exists`);
    seen.add(t.id);
  }
  const out: DomainEvent[] = [];
  for (const t of parsed) {
    const task: TaskState = {
      id: t.id,
      impact: t.impact,
      urgency: t.urgency,
      risk: t.risk,
      capabilities: t.capabilities,
      maxAttempts: t.maxAttempts ?? state.config.defaultMaxAttempts,
      createdAt: now,
      status: "queued",
      attempts: [],
      rateLimitRequeues: 0,
      holdReason: null,
      reason: null,
      finishedAt: null,
    };
    state.tasks.set(task.id, task);
    state.queued.set(task.id, task);
    out.push(
      event(
        "task.created",
        {
          impact: task.impact,
          urgency: task.urgency,
          risk: task.risk,
          capabilities: task.capabilities,
          maxAttempts: task.maxAttempts,
          priority: priority(task, now, state.config),
        },
        { taskId: task.id },
      ),
    );
  }
  return out;
}

export function requireTask(state: EngineState, id: string): TaskState {
  const task = state.tasks.get(id);
  if (!task) throw new GovernanceError("task_not_found", `task ${id} does not exist`);
  return task;
}

export function cancelTask(state: EngineState, id: string, reason: string, now: number): DomainEvent[] {
  const task = requireTask(state, id);
  if (isTerminal(task.status)) return [];
  const from = task.status;
  const data: Record<string, unknown> = { reason, from };
  const attempt = task.attempts[task.attempts.length - 1];
  if (from === "assigned" && attempt && attempt.outcome === undefined && attempt.voided === undefined) {
    // The agent may still be working on it; its result will find the attempt voided and be ignored.
    voidAttempt(state, attempt, "cancelled", now);
    data.agentId = attempt.agentId;
    data.attempt = attempt.attempt;
  }
  toTerminal(state, task, "cancelled", reason, now);
  return [event("task.cancelled", data, { taskId: id, agentId: attempt?.agentId })];
}

export function recordResult(state: EngineState, input: ResultInput, now: number): ResultResponse {
  const r = ResultInputSchema.parse(input);
  const task = state.tasks.get(r.taskId);
  const attempt = task ? openAttempt(task, r.attempt) : undefined;
  // Queue redelivery, a late result after a timeout or a cancel: nothing changes, nothing is counted twice.
  if (!task || !attempt) return { accepted: false, events: [] };
  const out: DomainEvent[] = [];
  const result: ResultInput = {
    taskId: r.taskId,
    attempt: r.attempt,
    outcome: r.outcome,
    latencyMs: r.latencyMs,
  };
  if (r.retryAfterMs !== undefined) result.retryAfterMs = r.retryAfterMs;
  if (r.reason !== undefined) result.reason = r.reason;
  if (r.detail !== undefined) result.detail = r.detail;
  applyResult(state, task, attempt, result, now, out);
  return { accepted: true, events: out };
}

/** The hub could not enqueue the assignment: undo it as if it never happened (no attempt spent). */
export function releaseTask(state: EngineState, id: string, attemptNo: number, now: number): DomainEvent[] {
  const task = state.tasks.get(id);
  const attempt = task ? openAttempt(task, attemptNo) : undefined;
  if (!task || !attempt) return [];
  voidAttempt(state, attempt, "released", now);
  toQueued(state, task);
  return [
    event(
      "task.retried",
      {
        agentId: attempt.agentId,
        attempt: attempt.attempt,
        // The attempt never ran: it has no outcome, and it does not count against maxAttempts.
        outcome: null,
        latencyMs: null,
        reason: "released",
        voided: true,
        consumesAttempt: false,
        nextAttempt: nextAttemptNumber(task),
      },
      { taskId: id, agentId: attempt.agentId },
    ),
  ];
}

/** The execution message was dead-lettered: the task fails, and the agent is not blamed. */
export function abandonTask(
  state: EngineState,
  id: string,
  attemptNo: number,
  reason: string,
  now: number,
): ResultResponse {
  const task = state.tasks.get(id);
  const attempt = task ? openAttempt(task, attemptNo) : undefined;
  if (!task || !attempt) return { accepted: false, events: [] };
  voidAttempt(state, attempt, "dead_lettered", now);
  toTerminal(state, task, "failed", reason, now);
  return {
    accepted: true,
    events: [
      event(
        "task.failed",
        {
          agentId: attempt.agentId,
          attempt: attempt.attempt,
          outcome: null,
          latencyMs: null,
          reason,
          deadLettered: true,
        },
        { taskId: id, agentId: attempt.agentId },
      ),
    ],
  };
}
