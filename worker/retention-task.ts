import { OutcomeSchema, type TaskView } from "../shared/schemas/tasks";

interface HistoryRow {
  task_id: string;
  external_id: string | null;
  status: TaskView["status"];
  reason: string | null;
  attempts: number;
  impact: number;
  urgency: number;
  risk: number;
  created_at: string;
  finished_at: string;
}

interface AttemptRow {
  task_id: string;
  attempt: number;
  agent_id: string;
  outcome: string;
  latency_ms: number | null;
  at: string;
}

const HISTORY_COLUMNS =
  "task_id, external_id, status, reason, attempts, impact, urgency, risk, created_at, finished_at";
/** D1 binds at most 100 parameters per statement; one goes to the tenant. */
const IDS_PER_QUERY = 90;

const outcome = (value: string) => {
  const parsed = OutcomeSchema.safeParse(value);
  // `dead_lettered` and `unknown` never reached an outcome; the live view shows those as null too.
  return parsed.success ? parsed.data : null;
};

/**
 * A finished task the hub has forgotten (decision 020), rebuilt from its D1 history in the shape
 * the hub gives. History keeps no capabilities, limit of attempts, hold reason, probe flags,
 * assignment times, executor detail, LLM usage or payload: those get their neutral values, and
 * `maxAttempts` is the number of attempts made.
 */
function viewOf(task: HistoryRow, attempts: AttemptRow[]): TaskView {
  return {
    id: task.task_id,
    externalId: task.external_id,
    status: task.status,
    impact: task.impact,
    urgency: task.urgency,
    risk: task.risk,
    capabilities: [],
    maxAttempts: task.attempts,
    attempts: attempts.map((a) => ({
      attempt: a.attempt,
      agentId: a.agent_id,
      probe: false,
      assignedAt: "",
      outcome: outcome(a.outcome),
      latencyMs: a.latency_ms,
      finishedAt: a.at,
      reason: null,
      detail: null,
    })),
    holdReason: null,
    reason: task.reason,
    usage: null,
    createdAt: task.created_at,
    finishedAt: task.finished_at,
  };
}

/** One finished task from D1 history; null when the history is gone too. */
export async function taskFromHistory(
  db: D1Database,
  tenantId: string,
  taskId: string,
): Promise<TaskView | null> {
  const [view] = await viewsFromHistory(db, tenantId, [taskId]);
  return view ?? null;
}

/** Finished tasks from D1 history, in the order of `taskIds`; ids without history are left out. */
export async function viewsFromHistory(
  db: D1Database,
  tenantId: string,
  taskIds: string[],
): Promise<TaskView[]> {
  const tasks = new Map<string, HistoryRow>();
  const attempts = new Map<string, AttemptRow[]>();
  for (let i = 0; i < taskIds.length; i += IDS_PER_QUERY) {
    const ids = taskIds.slice(i, i + IDS_PER_QUERY);
    const marks = ids.map(() => "?").join(", ");
    const [taskRows, attemptRows] = await Promise.all([
      db
        .prepare(`SELECT ${HISTORY_COLUMNS} FROM task_history WHERE tenant_id = ? AND task_id IN (${marks})`)
        .bind(tenantId, ...ids)
        .all<HistoryRow>(),
      db
        .prepare(
          `SELECT task_id, attempt, agent_id, outcome, latency_ms, at FROM task_attempts
           WHERE tenant_id = ? AND task_id IN (${marks}) ORDER BY task_id, attempt`,
        )
        .bind(tenantId, ...ids)
        .all<AttemptRow>(),
    ]);
    for (const row of taskRows.results) tasks.set(row.task_id, row);
    for (const row of attemptRows.results) {
      const list = attempts.get(row.task_id) ?? [];
      list.push(row);
      attempts.set(row.task_id, list);
    }
  }
  return taskIds.flatMap((id) => {
    const task = tasks.get(id);
    return task ? [viewOf(task, attempts.get(id) ?? [])] : [];
  });
}

/**
 * Ids of finished tasks in D1 history, newest first, for the task list: the hub keeps open tasks
 * and recently finished ones, history keeps the rest (decision 020).
 */
export async function historyTaskIds(
  db: D1Database,
  tenantId: string,
  filter: { status?: string; agentId?: string; before?: string; limit: number },
): Promise<string[]> {
  const where = ["tenant_id = ?"];
  const args: (string | number)[] = [tenantId];
  if (filter.status) {
    where.push("status = ?");
    args.push(filter.status);
  }
  if (filter.agentId) {
    where.push("task_id IN (SELECT task_id FROM task_attempts WHERE tenant_id = ? AND agent_id = ?)");
    args.push(tenantId, filter.agentId);
  }
  if (filter.before) {
    where.push("task_id < ?");
    args.push(filter.before);
  }
  const rows = await db
    .prepare(`SELECT task_id FROM task_history WHERE ${where.join(" AND ")} ORDER BY task_id DESC LIMIT ?`)
    .bind(...args, filter.limit)
    .all<{ task_id: string }>();
  return rows.results.map((r) => r.task_id);
}
