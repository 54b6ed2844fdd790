import type { EventEnvelope } from "../../shared/events";
import type { WebhookDeliveryView } from "../../shared/schemas/webhooks";
import type { DeliveryResult } from "./deliver";

export type AttemptOutcomeLog = "delivered" | "failed" | "gone" | "skipped";

export interface AttemptLog {
  tenantId: string;
  webhookId: string;
  deliveryId: string;
  event: EventEnvelope;
  outcome: AttemptOutcomeLog;
  result: DeliveryResult | null;
  error?: string;
  at: number;
}

const statusAfter = (outcome: AttemptOutcomeLog) =>
  outcome === "delivered" ? "delivered" : outcome === "failed" ? "pending" : "failed";

/**
 * Two statements per attempt: the delivery row (created on its first attempt, its counter bumped
 * on every later one) and the attempt row numbered from that counter. Run in one D1 batch, the
 * pair is atomic, so attempt numbers never collide even when a message is redelivered.
 */
export function attemptStatements(db: D1Database, a: AttemptLog): D1PreparedStatement[] {
  const at = new Date(a.at).toISOString();
  return [
    db
      .prepare(
        `INSERT INTO webhook_deliveries (id, tenant_id, webhook_id, event_id, event_type, event_seq, payload,
           status, attempts, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, attempts = attempts + 1,
           updated_at = excluded.updated_at`,
      )
      .bind(
        a.deliveryId,
        a.tenantId,
        a.webhookId,
        a.event.id,
        a.event.type,
        a.event.seq,
        JSON.stringify(a.event),
        statusAfter(a.outcome),
        at,
        at,
      ),
    db
      .prepare(
        `INSERT INTO webhook_attempts (delivery_id, attempt, tenant_id, webhook_id, at, outcome, status_code,
           latency_ms, response, error)
         VALUES (?, (SELECT attempts FROM webhook_deliveries WHERE id = ?), ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .bind(
        a.deliveryId,
        a.deliveryId,
        a.tenantId,
        a.webhookId,
        at,
        a.outcome,
        a.result?.statusCode ?? null,
        a.result?.latencyMs ?? null,
        a.result?.response ?? null,
        a.error ?? a.result?.error ?? null,
      ),
  ];
}

/** The dead-letter queue's verdict: retries are exhausted. */
export async function markFailed(db: D1Database, tenantId: string, deliveryIds: string[]): Promise<void> {
  if (!deliveryIds.length) return;
  const now = new Date().toISOString();
  await db.batch(
    deliveryIds.map((id) =>
      db
        .prepare(
          `UPDATE webhook_deliveries SET status = 'failed', updated_at = ? WHERE id = ? AND tenant_id = ?`,
        )
        .bind(now, id, tenantId),
    ),
  );
}

export async function markPending(db: D1Database, tenantId: string, deliveryIds: string[]): Promise<void> {
  if (!deliveryIds.length) return;
  const now = new Date().toISOString();
  for (let i = 0; i < deliveryIds.length; i += 90) {
    const part = deliveryIds.slice(i, i + 90);
    await db
      .prepare(
        `UPDATE webhook_deliveries SET status = 'pending', updated_at = ?
         WHERE tenant_id = ? AND id IN (${part.map(() => "?").join(",")})`,
      )
      .bind(now, tenantId, ...part)
      .run();
  }
}

interface DeliveryRow {
  id: string;
  webhook_id: string;
  event_id: string;
  event_type: string;
  event_seq: number;
  payload: string;
  status: WebhookDeliveryView["status"];
  created_at: string;
  updated_at: string;
}

interface AttemptRow {
  delivery_id: string;
  attempt: number;
  at: string;
  outcome: WebhookDeliveryView["attempts"][number]["outcome"];
  status_code: number | null;
  latency_ms: number | null;
  response: string | null;
  error: string | null;
}

export interface StoredDelivery {
  view: WebhookDeliveryView;
  event: EventEnvelope;
}

async function withAttempts(
  db: D1Database,
  tenantId: string,
  rows: DeliveryRow[],
): Promise<StoredDelivery[]> {
  const byDelivery = new Map<string, WebhookDeliveryView["attempts"]>();
  for (let i = 0; i < rows.length; i += 90) {
    const part = rows.slice(i, i + 90).map((r) => r.id);
    const { results } = await db
      .prepare(
        `SELECT delivery_id, attempt, at, outcome, status_code, latency_ms, response, error FROM webhook_attempts
         WHERE tenant_id = ? AND delivery_id IN (${part.map(() => "?").join(",")}) ORDER BY attempt`,
      )
      .bind(tenantId, ...part)
      .all<AttemptRow>();
    for (const a of results) {
      const list = byDelivery.get(a.delivery_id) ?? [];
      list.push({
        attempt: a.attempt,
        at: a.at,
        outcome: a.outcome,
        statusCode: a.status_code,
        latencyMs: a.latency_ms,
        response: a.response,
        error: a.error,
      });
      byDelivery.set(a.delivery_id, list);
    }
  }
  return rows.map((r) => ({
    event: JSON.parse(r.payload) as EventEnvelope,
    view: {
      id: r.id,
      webhookId: r.webhook_id,
      eventId: r.event_id,
      eventType: r.event_type,
      eventSeq: r.event_seq,
      status: r.status,
      attempts: byDelivery.get(r.id) ?? [],
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    },
  }));
}

/** Newest first, keyset-paginated by id (delivery ids sort by event time). */
export async function listDeliveries(
  db: D1Database,
  tenantId: string,
  webhookId: string,
  filter: { before?: string | undefined; status?: string | undefined; limit: number },
): Promise<StoredDelivery[]> {
  const where = ["tenant_id = ?", "webhook_id = ?"];
  const args: (string | number)[] = [tenantId, webhookId];
  if (filter.before) {
    where.push("id < ?");
    args.push(filter.before);
  }
  if (filter.status) {
    where.push("status = ?");
    args.push(filter.status);
  }
  const { results } = await db
    .prepare(`SELECT * FROM webhook_deliveries WHERE ${where.join(" AND ")} ORDER BY id DESC LIMIT ?`)
    .bind(...args, filter.limit)
    .all<DeliveryRow>();
  return withAttempts(db, tenantId, results);
}

export async function getDelivery(
  db: D1Database,
  tenantId: string,
  id: string,
): Promise<StoredDelivery | null> {
  const row = await db
    .prepare(`SELECT * FROM webhook_deliveries WHERE tenant_id = ? AND id = ?`)
    .bind(tenantId, id)
    .first<DeliveryRow>();
  return row ? ((await withAttempts(db, tenantId, [row]))[0] ?? null) : null;
}

/** Failed deliveries of one endpoint created at or after `since`, oldest first. */
export async function failedSince(
  db: D1Database,
  tenantId: string,
  webhookId: string,
  since: string,
  limit: number,
): Promise<{ id: string; event: EventEnvelope }[]> {
  const { results } = await db
    .prepare(
      `SELECT id, payload FROM webhook_deliveries
       WHERE tenant_id = ? AND webhook_id = ? AND status = 'failed' AND created_at >= ?
       ORDER BY created_at, id LIMIT ?`,
    )
    .bind(tenantId, webhookId, since, limit)
    .all<{ id: string; payload: string }>();
  return results.map((r) => ({ id: r.id, event: JSON.parse(r.payload) as EventEnvelope }));
}
