import type { BatchItem } from "drizzle-orm/batch";
import { drizzle } from "drizzle-orm/d1";
import type { EventEnvelope } from "../shared/events";
import type { CycleRecord, TaskState } from "../shared/governance";
import { agentStatusHistory, cycles, taskAttempts, taskHistory, trustHistory } from "../worker/db/schema";
import type { HubStore } from "./hub-store";

/**
 * Turns the hub's event log into D1 history rows. The event log doubles as a transactional
 * outbox: rows are derived from events after the last flushed seq, and every D1 row is keyed by
 * the event seq (or the task id), so a flush retried after a failure inserts nothing twice.
 */

export interface HistoryRows {
  taskHistory: (typeof taskHistory.$inferInsert)[];
  taskAttempts: (typeof taskAttempts.$inferInsert)[];
  trustHistory: (typeof trustHistory.$inferInsert)[];
  agentStatusHistory: (typeof agentStatusHistory.$inferInsert)[];
  cycles: (typeof cycles.$inferInsert)[];
}

const STATUS_OF: Record<string, string> = {
  "agent.registered": "active",
  "agent.suppressed": "suppressed",
  "agent.probation": "probation",
  "agent.reinstated": "active",
  "agent.excluded": "excluded",
  "agent.removed": "removed",
  // Drift leaves the status as it is, but belongs on the agent's timeline all the same.
  "drift.detected": "drifting",
};

const num = (v: unknown): number | null => (typeof v === "number" ? v : null);
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

export function historyRows(
  tenantId: string,
  events: EventEnvelope[],
  lookupTask: (id: string) => { state: TaskState; externalId: string | null } | null,
): HistoryRows {
  const rows: HistoryRows = {
    taskHistory: [],
    taskAttempts: [],
    trustHistory: [],
    agentStatusHistory: [],
    cycles: [],
  };
  for (const e of events) {
    const d = e.data;
    if ((e.type === "task.completed" || e.type === "task.failed" || e.type === "task.retried") && e.taskId) {
      const attempt = num(d.attempt);
      const agentId = str(d.agentId) ?? e.agentId ?? null;
      // A voided attempt (released, agent removed, cancelled) never ran to an outcome: not an execution.
      if (attempt !== null && agentId && d.voided !== true) {
        rows.taskAttempts.push({
          tenantId,
          taskId: e.taskId,
          attempt,
          agentId,
          outcome: d.deadLettered === true ? "dead_lettered" : (str(d.outcome) ?? "unknown"),
          latencyMs: num(d.latencyMs) === null ? null : Math.round(num(d.latencyMs) ?? 0),
          seq: e.seq,
          at: e.time,
        });
      }
    }
    if (
      (e.type === "task.completed" || e.type === "task.failed" || e.type === "task.cancelled") &&
      e.taskId
    ) {
      const task = lookupTask(e.taskId);
      if (task) {
        const last = task.state.attempts[task.state.attempts.length - 1];
        rows.taskHistory.push({
          tenantId,
          taskId: e.taskId,
          externalId: task.externalId,
          status:
            e.type === "task.completed" ? "succeeded" : e.type === "task.failed" ? "failed" : "cancelled",
          reason: task.state.reason ?? str(d.reason),
          attempts: task.state.attempts.length,
          agentId: last?.agentId ?? null,
          impact: task.state.impact,
          urgency: task.state.urgency,
          risk: task.state.risk,
          createdAt: new Date(task.state.createdAt).toISOString(),
          finishedAt: e.time,
        });
      }
    }
    if (e.type === "trust.updated" && e.agentId) {
      rows.trustHistory.push({
        tenantId,
        seq: e.seq,
        agentId: e.agentId,
        trustBefore: num(d.before) ?? 0,
        trustAfter: num(d.after) ?? 0,
        cause: str(d.reason) ?? str(d.outcome) ?? "unknown",
        at: e.time,
      });
    }
    const status = STATUS_OF[e.type];
    if (status && e.agentId) {
      rows.agentStatusHistory.push({
        tenantId,
        seq: e.seq,
        agentId: e.agentId,
        eventType: e.type,
        status,
        detail: JSON.stringify(d),
        at: e.time,
      });
    }
    if (e.type === "cycle.completed") {
      const c = d as unknown as CycleRecord;
      rows.cycles.push({
        tenantId,
        id: c.id,
        number: c.number,
        startedAt: new Date(c.startedAt).toISOString(),
        endedAt: new Date(c.endedAt).toISOString(),
        results: c.results,
        successRate: c.successRate,
        meanTrust: c.meanTrust,
        constraintScore: c.constraintScore,
        thresholdBefore: c.thresholdBefore,
        thresholdAfter: c.thresholdAfter,
        reflection: JSON.stringify(c),
        mutation: JSON.stringify(c.mutation),
      });
    }
  }
  return rows;
}

/** D1 allows 100 bound parameters per statement: rows per INSERT = floor(100 / columns). */
function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function writeHistory(db: D1Database, rows: HistoryRows): Promise<number> {
  const d1 = drizzle(db);
  const statements: BatchItem<"sqlite">[] = [];
  const add = <R>(list: R[], columns: number, insert: (part: R[]) => BatchItem<"sqlite">) => {
    for (const part of chunk(list, Math.floor(100 / columns))) statements.push(insert(part));
  };
  add(rows.taskAttempts, 8, (p) => d1.insert(taskAttempts).values(p).onConflictDoNothing());
  add(rows.taskHistory, 13, (p) => d1.insert(taskHistory).values(p).onConflictDoNothing());
  add(rows.trustHistory, 7, (p) => d1.insert(trustHistory).values(p).onConflictDoNothing());
  add(rows.agentStatusHistory, 7, (p) => d1.insert(agentStatusHistory).values(p).onConflictDoNothing());
  add(rows.cycles, 13, (p) => d1.insert(cycles).values(p).onConflictDoNothing());
  const [first, ...rest] = statements;
  // One D1 batch is one transaction: the flush lands whole or not at all.
  if (first) await d1.batch([first, ...rest]);
  return statements.length;
}

/** Writes history for every event after the last flushed seq, in batches, advancing the mark after each. */
export async function flushPending(store: HubStore, db: D1Database, tenantId: string, batchEvents: number) {
  for (;;) {
    const flushed = Number(store.getMeta("flushed_seq") ?? "0");
    const events = store.eventsAfter(flushed, batchEvents);
    const last = events[events.length - 1];
    if (!last) return;
    await writeHistory(
      db,
      historyRows(tenantId, events, (id) => store.taskRow(id)),
    );
    store.setMeta("flushed_seq", String(last.seq));
  }
}
