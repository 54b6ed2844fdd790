import type { DomainEvent } from "../shared/governance";
import { usageMonth } from "../shared/schemas/tenant";

export interface TaskUsage {
  tasksSubmitted: number;
  tasksExecuted: number;
}

interface Stored extends TaskUsage {
  /** False until this month's counts have been copied to D1. */
  reported: boolean;
}

const PREFIX = "usage:";

const UPSERT_TASK_USAGE = `
  INSERT INTO tenant_usage (tenant_id, month, tasks_submitted, tasks_executed)
  SELECT ?1, ?2, ?3, ?4 WHERE EXISTS (SELECT 1 FROM tenants WHERE id = ?1)
  ON CONFLICT (tenant_id, month) DO UPDATE SET
    tasks_submitted = MAX(tasks_submitted, excluded.tasks_submitted),
    tasks_executed = MAX(tasks_executed, excluded.tasks_executed)`;

/** An attempt that ran on an agent and came back with an outcome (not released, not dead-lettered). */
function isExecution(e: DomainEvent): boolean {
  return (
    (e.type === "task.completed" || e.type === "task.failed" || e.type === "task.retried") &&
    typeof e.data.outcome === "string"
  );
}

/**
 * The tenant's monthly task counts, one meta row per month. They are counted from the events a
 * commit appends, in the same synchronous turn, so they are exact: a replayed batch creates no
 * events and a redelivered result is refused by the engine before it makes one.
 *
 * D1's `tenant_usage` gets a copy with each history flush, as absolute values under `MAX`, so a
 * repeated copy changes nothing. The copy is what the platform's tenant list reads; the tenant's
 * own view asks the hub.
 */
export class HubUsage {
  constructor(private readonly sql: SqlStorage) {}

  count(events: DomainEvent[], now: number): void {
    let submitted = 0;
    let executed = 0;
    for (const e of events) {
      if (e.type === "task.created") submitted += 1;
      else if (isExecution(e)) executed += 1;
    }
    if (!submitted && !executed) return;
    const month = usageMonth(now);
    const current = this.read(month);
    this.write(month, {
      tasksSubmitted: current.tasksSubmitted + submitted,
      tasksExecuted: current.tasksExecuted + executed,
      reported: false,
    });
  }

  read(month: string): TaskUsage {
    const stored = this.stored(month);
    return { tasksSubmitted: stored?.tasksSubmitted ?? 0, tasksExecuted: stored?.tasksExecuted ?? 0 };
  }

  /** Copies months whose counts changed since the last copy into D1. */
  async report(db: D1Database, tenantId: string): Promise<void> {
    const rows = this.sql
      .exec<{ key: string; value: string }>(
        `SELECT key, value FROM meta WHERE key >= ? AND key < ?`,
        PREFIX,
        `${PREFIX}\uffff`,
      )
      .toArray();
    for (const row of rows) {
      const usage = JSON.parse(row.value) as Stored;
      if (usage.reported) continue;
      const month = row.key.slice(PREFIX.length);
      await db
        .prepare(UPSERT_TASK_USAGE)
        .bind(tenantId, month, usage.tasksSubmitted, usage.tasksExecuted)
        .run();
      // Counted again while D1 answered? Then the newer counts still need a copy.
      const now = this.stored(month);
      if (now && now.tasksSubmitted === usage.tasksSubmitted && now.tasksExecuted === usage.tasksExecuted)
        this.write(month, { ...now, reported: true });
    }
  }

  private stored(month: string): Stored | null {
    const row = this.sql
      .exec<{ value: string }>(`SELECT value FROM meta WHERE key = ?`, PREFIX + month)
      .toArray()[0];
    return row ? (JSON.parse(row.value) as Stored) : null;
  }

  private write(month: string, usage: Stored): void {
    this.sql.exec(
      `INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)`,
      PREFIX + month,
      JSON.stringify(usage),
    );
  }
}
