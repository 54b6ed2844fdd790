import { errorMessage, log } from "../shared/log";
import { parseTenantSettings } from "../shared/schemas/tenant";
import type { Env } from "./env";
import { retainTenant } from "./retention";
import { tenantIdPages } from "./tenants";

/** One tenant's share of one hourly retention run; `now` is the run's scheduled time. */
export interface RetentionMessage {
  kind: "retention";
  tenantId: string;
  now: number;
}

/** Queues take at most 100 messages per sendBatch. */
const SEND_BATCH = 100;

/**
 * The cron's part (decision 020): one message per tenant, so the work fans out over consumer
 * invocations instead of running every tenant inside the cron's single invocation. Deleted
 * tenants have no row; suspended ones keep their retention.
 */
export async function enqueueRetention(env: Env, now: number): Promise<{ tenants: number }> {
  let tenants = 0;
  // A page per send: pages are no larger than what one sendBatch takes.
  for await (const ids of tenantIdPages(env.DB, SEND_BATCH)) {
    await env.MAINTENANCE_QUEUE.sendBatch(
      ids.map((tenantId) => ({
        body: { kind: "retention" as const, tenantId, now },
        contentType: "json" as const,
      })),
    );
    tenants += ids.length;
  }
  log("info", "retention run queued", { tenants, scheduledTime: new Date(now).toISOString() });
  return { tenants };
}

/**
 * Applies one tenant's retention and records the run on its row. The hub and D1 steps are each
 * idempotent, so a retried message only finishes what a failed attempt left.
 */
export async function consumeRetention(batch: MessageBatch<RetentionMessage>, env: Env): Promise<void> {
  for (const message of batch.messages) {
    const { tenantId, now } = message.body;
    try {
      const row = await env.DB.prepare(`SELECT settings FROM tenants WHERE id = ?`)
        .bind(tenantId)
        .first<{ settings: string }>();
      if (row) {
        const report = await retainTenant(env, tenantId, parseTenantSettings(row.settings).retention, now);
        const at = new Date(now).toISOString();
        // Never moves back: a late retry of an older run must not hide a newer one.
        await env.DB.prepare(
          `UPDATE tenants SET retained_at = ? WHERE id = ? AND (retained_at IS NULL OR retained_at < ?)`,
        )
          .bind(at, tenantId, at)
          .run();
        log("info", "retention applied", { tenantId, ...report });
      }
      message.ack();
    } catch (err) {
      log("error", "retention failed", { tenantId, attempt: message.attempts, error: errorMessage(err) });
      message.retry({ delaySeconds: 60 });
    }
  }
}
