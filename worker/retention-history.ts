/**
 * Deletes a tenant's D1 history older than its retention (decision 020), in bounded batches:
 * each statement deletes at most BATCH_ROWS rows, chosen through an index that leads with
 * tenant_id, so no statement runs long or locks D1 for the other tenants.
 */

const BATCH_ROWS = 1000;
/** Per table, tenant and run; what is left goes on the next run (an hour later). */
const MAX_BATCHES = 200;

/** History tables and the column (ISO text, indexed after tenant_id or in seq order) that dates a row. */
export const HISTORY_TABLES = [
  { table: "task_history", column: "finished_at" },
  { table: "task_attempts", column: "at" },
  { table: "trust_history", column: "at" },
  // No (tenant_id, at) index: the primary key walks it oldest first (seq follows time), and the
  // table only grows with status changes, not with every task.
  { table: "agent_status_history", column: "at", order: "seq" },
  { table: "cycles", column: "ended_at" },
] as const;

export type HistoryCounts = Record<(typeof HISTORY_TABLES)[number]["table"] | "webhook_deliveries", number>;

async function repeatDelete(run: () => Promise<number>): Promise<number> {
  let total = 0;
  for (let i = 0; i < MAX_BATCHES; i++) {
    const deleted = await run();
    total += deleted;
    if (deleted < BATCH_ROWS) break;
  }
  return total;
}

export async function pruneHistory(db: D1Database, tenantId: string, cutoff: number): Promise<HistoryCounts> {
  const before = new Date(cutoff).toISOString();
  const counts = {} as HistoryCounts;
  for (const spec of HISTORY_TABLES) {
    const order = "order" in spec ? ` ORDER BY ${spec.order}` : "";
    const statement = db.prepare(
      `DELETE FROM ${spec.table} WHERE tenant_id = ?1 AND rowid IN (
         SELECT rowid FROM ${spec.table} WHERE tenant_id = ?1 AND ${spec.column} < ?2${order} LIMIT ?3)`,
    );
    counts[spec.table] = await repeatDelete(
      async () => (await statement.bind(tenantId, before, BATCH_ROWS).run()).meta.changes,
    );
  }
  counts.webhook_deliveries = await pruneDeliveries(db, tenantId, before);
  return counts;
}

/** A pending delivery is still being retried by the queue; only settled ones age out. */
const SETTLED = ["delivered", "failed"] as const;

/**
 * The delivery log: settled deliveries created before the cutoff, with their attempts. Walked per
 * endpoint and status so each batch is one range of the (tenant_id, webhook_id, status,
 * created_at) index; the attempts go in the same transaction as their delivery.
 */
async function pruneDeliveries(db: D1Database, tenantId: string, before: string): Promise<number> {
  const endpoints = await db
    .prepare(`SELECT DISTINCT webhook_id FROM webhook_deliveries WHERE tenant_id = ?`)
    .bind(tenantId)
    .all<{ webhook_id: string }>();
  const oldest = `SELECT id FROM webhook_deliveries
    WHERE tenant_id = ?1 AND webhook_id = ?2 AND status = ?3 AND created_at < ?4 ORDER BY created_at LIMIT ?5`;
  const attempts = db.prepare(
    `DELETE FROM webhook_attempts WHERE tenant_id = ?1 AND delivery_id IN (${oldest})`,
  );
  const deliveries = db.prepare(`DELETE FROM webhook_deliveries WHERE tenant_id = ?1 AND id IN (${oldest})`);
  let total = 0;
  for (const { webhook_id: webhookId } of endpoints.results) {
    for (const status of SETTLED) {
      const args = [tenantId, webhookId, status, before, BATCH_ROWS] as const;
      total += await repeatDelete(async () => {
        const [, removed] = await db.batch([attempts.bind(...args), deliveries.bind(...args)]);
        return removed?.meta.changes ?? 0;
      });
    }
  }
  return total;
}
