import type { DomainEvent, ResultInput } from "../shared/governance";
import { newId } from "../shared/ids";
import { errorMessage, log } from "../shared/log";
import { problems } from "../shared/problems";
import type { HubTask, TaskInput } from "../shared/schemas/tasks";
import { fail } from "./hub-result";
import type { HubRuntime } from "./hub-runtime";
import type { CostedCall } from "./llm-usage";
import { taskView } from "./views";

/** Task commands of the hub: submit, read, cancel, and the execution results. */

export interface Idempotency {
  key: string;
  bodyHash: string;
}

/**
 * Accepts a batch atomically. With an idempotency key, the same key and body return the ids of
 * the first call and create nothing; the same key with another body is a conflict.
 */
export function acceptTasks(
  rt: HubRuntime,
  tasks: TaskInput[],
  idempotency: Idempotency | null,
  correlationId: string,
): { taskIds: string[]; replayed: boolean } {
  if (idempotency) {
    const seen = rt.store.idempotentBatch(idempotency.key);
    if (seen) {
      if (seen.bodyHash !== idempotency.bodyHash)
        fail(problems.conflict("This Idempotency-Key was already used with a different request body."));
      return { taskIds: seen.taskIds, replayed: true };
    }
  }
  const now = Date.now();
  const config = rt.engine.config;
  const taskIds = tasks.map(() => newId("tsk", now));
  const events = rt.engine.submit(
    tasks.map((t, i) => ({
      id: taskIds[i] ?? "",
      impact: t.impact,
      urgency: t.urgency,
      risk: t.risk,
      capabilities: t.capabilities,
      maxAttempts: t.maxAttempts ?? config.defaultMaxAttempts,
    })),
    now,
  );
  tasks.forEach((t, i) => {
    const state = rt.engine.task(taskIds[i] ?? "");
    if (state) rt.store.insertTask(state, t.externalId ?? null, t.payload);
  });
  if (idempotency) rt.store.rememberBatch(idempotency.key, idempotency.bodyHash, taskIds, now);
  rt.commit(events, correlationId, now);
  rt.requestTick(now);
  return { taskIds, replayed: false };
}

/** Open tasks are read live from the engine (hold reasons included); finished ones from their row. */
export function viewTask(rt: HubRuntime, id: string): HubTask {
  const row = rt.store.taskRow(id);
  if (!row) fail(problems.notFound(`Task ${id}`));
  return taskView(rt.engine.task(id) ?? row.state, row.externalId, rt.llmUsage.task(id), row.payload);
}

export function listTasks(
  rt: HubRuntime,
  filter: { status?: string; agentId?: string; before?: string; limit: number },
): { tasks: HubTask[]; nextBefore: string | null } {
  const rows = rt.store.listTasks(filter);
  const page = rows.slice(0, filter.limit);
  const tasks = page.map((r) =>
    taskView(rt.engine.task(r.state.id) ?? r.state, r.externalId, rt.llmUsage.task(r.state.id)),
  );
  const last = page[page.length - 1];
  return { tasks, nextBefore: rows.length > filter.limit && last ? last.state.id : null };
}

export function cancelTask(rt: HubRuntime, id: string, reason: string, correlationId: string): HubTask {
  const row = rt.store.taskRow(id);
  if (!row) fail(problems.notFound(`Task ${id}`));
  const now = Date.now();
  if (rt.engine.task(id)) {
    rt.commit(rt.engine.cancel(id, reason, now), correlationId, now);
    rt.requestTick(now);
  } else if (row.state.status !== "cancelled") {
    fail(problems.conflict(`Task ${id} is already ${row.state.status} and cannot be cancelled.`));
  }
  return viewTask(rt, id);
}

export interface RecordOutcome {
  accepted: number;
  ignored: number;
  refused: { taskId: string; attempt: number }[];
}

/**
 * Idempotent per (taskId, attempt): redelivered messages and duplicate reports change nothing.
 * Each report stands alone: one the engine refuses (malformed) is returned in `refused` for the
 * queue to retry (and finally dead-letter), without holding back the others.
 */
export function recordResults(
  rt: HubRuntime,
  results: (ResultInput & { usage?: CostedCall })[],
): RecordOutcome {
  const now = Date.now();
  const events: DomainEvent[] = [];
  const refused: { taskId: string; attempt: number }[] = [];
  let accepted = 0;
  for (const r of results) {
    try {
      const agentId = rt.engine.task(r.taskId)?.attempts.find((a) => a.attempt === r.attempt)?.agentId;
      // The engine validates a report before it changes anything, so a refusal leaves no trace.
      const out = rt.engine.recordResult(r, now);
      if (out.accepted) {
        accepted += 1;
        // Counted only with the result it came with: a redelivered report adds nothing.
        if (r.usage && agentId) rt.llmUsage.add(r.usage, r.taskId, agentId, now);
      }
      events.push(...out.events);
    } catch (err) {
      log("error", "result refused", { tenantId: rt.tenantId, taskId: r.taskId, error: errorMessage(err) });
      refused.push({ taskId: r.taskId, attempt: r.attempt });
    }
  }
  rt.commit(events, "execution", now);
  if (accepted) rt.requestTick(now);
  return { accepted, ignored: results.length - accepted - refused.length, refused };
}

/** A message that exhausted its retries: the task fails with a reason instead of vanishing. */
export function abandonTask(
  rt: HubRuntime,
  taskId: string,
  attempt: number,
  reason: string,
): { accepted: boolean } {
  const now = Date.now();
  const out = rt.engine.abandon(taskId, attempt, reason, now);
  rt.commit(out.events, "dead-letter", now);
  if (out.accepted) rt.requestTick(now);
  return { accepted: out.accepted };
}
