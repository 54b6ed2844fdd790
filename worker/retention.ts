import type { HubPruneReport } from "../durable-objects/hub-retention";
import { errorMessage, log } from "../shared/log";
import { parseTenantSettings, type Retention } from "../shared/schemas/tenant";
import type { Env } from "./env";
import { hubFor } from "./hub-client";
import { pruneAudit } from "./retention-audit";
import { type HistoryCounts, pruneHistory } from "./retention-history";

/**
 * The hourly retention run (decision 020): for every tenant, the hub forgets finished tasks whose
 * history is in D1, then D1 forgets history older than the tenant's `retention.historyDays`, and
 * audit rows older than `retention.auditDays` when the owner set it. `now` is the cron's
 * scheduled time, so the run is reproducible and its clock can be moved in tests.
 */

export const DAY_MS = 86_400_000;
const TENANT_PAGE = 100;
/** Hub calls per tenant and run (each forgets at most a few thousand tasks). */
const MAX_HUB_CALLS = 100;

export interface TenantRetentionReport {
  hubTasks: number;
  history: HistoryCounts;
  audit: number;
}

export async function retainTenant(
  env: Env,
  tenantId: string,
  retention: Retention,
  now: number,
): Promise<TenantRetentionReport> {
  const hub = hubFor(env, tenantId);
  let hubTasks = 0;
  // The hub first: it forgets only what D1 holds, and D1 then drops what is old enough.
  for (let call = 0; call < MAX_HUB_CALLS; call++) {
    const report: HubPruneReport = await hub.pruneRetention(now);
    hubTasks += report.tasks;
    if (!report.more) break;
  }
  const history = await pruneHistory(env.DB, tenantId, now - retention.historyDays * DAY_MS);
  const audit =
    retention.auditDays === null
      ? 0
      : await pruneAudit(env.DB, hub, tenantId, now - retention.auditDays * DAY_MS);
  return { hubTasks, history, audit };
}

/**
 * Walks every tenant (deleted tenants have no row; suspended ones keep their retention), one at
 * a time so D1 is never flooded. A tenant that fails is logged and retried on the next run; the
 * run fails at the end if any did, so the cron's status shows it.
 */
export async function runRetention(env: Env, now: number): Promise<{ tenants: number; failed: number }> {
  let after = "";
  let tenants = 0;
  let failed = 0;
  for (;;) {
    const page = await env.DB.prepare(`SELECT id, settings FROM tenants WHERE id > ? ORDER BY id LIMIT ?`)
      .bind(after, TENANT_PAGE)
      .all<{ id: string; settings: string }>();
    for (const row of page.results) {
      tenants += 1;
      try {
        const report = await retainTenant(env, row.id, parseTenantSettings(row.settings).retention, now);
        log("info", "retention applied", { tenantId: row.id, ...report });
      } catch (err) {
        failed += 1;
        log("error", "retention failed", { tenantId: row.id, error: errorMessage(err) });
      }
    }
    const last = page.results[page.results.length - 1];
    if (!last || page.results.length < TENANT_PAGE) break;
    after = last.id;
  }
  if (failed) throw new Error(`retention failed for ${failed} of ${tenants} tenants`);
  return { tenants, failed };
}
