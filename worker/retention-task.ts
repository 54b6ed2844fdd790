import { OutcomeSchema, type TaskView } from "../shared/schemas/tasks";

interface HistoryRow {
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
  attempt: number;
  agent_id: string;
  outcome: string;
  latency_ms: number | null;
  at: string;
}

const outcome = (value: string) => {
  const parsed = OutcomeSchema.safeParse(value);
  // `dead_lettered` and `unknown` never reached an outcome; the live view shows those as null too.
  return parsed.success ? parsed.data : null;
};

/**
 * A finished task the hub has forgotten (decision 020), rebuilt from its D1 history in the shape
 * the hub gives. History keeps no capabilities, limit of attempts, hold reason, probe flags,
 * assignment times, executor detail, LLM usage or payload: those get their neutral values, and
 * `maxAttempts` is the number of attempts made. Null when the history is gone too.
 */
export async function taskFromHistory(
  db: D1Database,
  tenantId: string,
  taskId: string,
): Promise<TaskView | null> {
  const [task, attempts] = await Promise.all([
    db
      .prepare(
        `SELECT external_id, status, reason, attempts, impact, urgency, risk, created_at, finished_at
         FROM task_history WHERE tenant_id = ? AND task_id = ?`,
      )
      .bind(tenantId, taskId)
      .first<HistoryRow>(),
    db
      .prepare(
        `SELECT attempt, agent_id, outcome, latency_ms, at FROM task_attempts
         WHERE tenant_id = ? AND task_id = ? ORDER BY attempt`,
      )
      .bind(tenantId, taskId)
      .all<AttemptRow>(),
  ]);
  if (!task) return null;
  return {
    id: taskId,
    externalId: task.external_id,
    status: task.status,
    impact: task.impact,
    urgency: task.urgency,
    risk: task.risk,
    capabilities: [],
    maxAttempts: task.attempts,
    attempts: attempts.results.map((a) => ({
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
