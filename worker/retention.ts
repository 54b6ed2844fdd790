import type { HubPruneReport } from "../durable-objects/hub-retention";
import type { Retention } from "../shared/schemas/tenant";
import type { Env } from "./env";
import { hubFor } from "./hub-client";
import { pruneAudit } from "./retention-audit";
import { type HistoryCounts, pruneHistory } from "./retention-history";

/**
 * One tenant's share of the hourly retention run (decision 020; the cron fans out through
 * retention-queue.ts): the hub forgets finished tasks whose history is in D1, then D1 forgets
 * history older than the tenant's `retention.historyDays`, and audit rows older than
 * `retention.auditDays` when the owner set it. `now` is the cron's scheduled time, so the run is
 * reproducible and its clock can be moved in tests.
 */

export const DAY_MS = 86_400_000;
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
