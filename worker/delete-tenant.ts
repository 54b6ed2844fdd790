import type { Env } from "./env";
import { hubFor } from "./hub-client";
import { limiterFor } from "./limiter-client";

/** Every D1 table holding tenant rows, children before the tenant itself. */
export const TENANT_TABLES = [
  "refresh_tokens",
  "invitations",
  "sso_states",
  "sso_handoffs",
  "sso_connections",
  "api_keys",
  "users",
  "audit_log",
  "tenant_usage",
  "task_attempts",
  "task_history",
  "trust_history",
  "agent_status_history",
  "cycles",
  "webhook_attempts",
  "webhook_deliveries",
  "ws_tickets",
] as const;

/**
 * Deletes a tenant everywhere. The Durable Objects go first: once the hub is empty it has no
 * tenant and writes nothing more to D1 (a history write already sent reaches D1 before the
 * deletion, which is sent after it). D1 last, in one batch (one transaction): a failure leaves
 * the tenant's rows whole, and a retry is safe.
 * Most tables cascade from `tenants`, but the history tables have no foreign key, so every
 * table is named explicitly.
 */
export async function deleteTenant(env: Env, tenantId: string): Promise<void> {
  await hubFor(env, tenantId).destroy();
  await limiterFor(env, tenantId).destroy();
  const db = env.DB;
  await db.batch([
    // Failed-login counters are keyed by address, not tenant: clear the tenant's accounts' ones.
    db
      .prepare(
        `DELETE FROM login_throttle WHERE key IN (SELECT 'account:' || email FROM users WHERE tenant_id = ?)`,
      )
      .bind(tenantId),
    ...TENANT_TABLES.map((table) => db.prepare(`DELETE FROM ${table} WHERE tenant_id = ?`).bind(tenantId)),
    db.prepare(`DELETE FROM tenants WHERE id = ?`).bind(tenantId),
  ]);
}
