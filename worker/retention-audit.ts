import type { TenantHub } from "../durable-objects/tenant-hub";
import { log } from "../shared/log";
import { auditOldestFirst } from "./audit-query";
import { linksTo } from "./audit-verify";

const PAGE_ROWS = 1000;
/** Rows examined per tenant and run; an older backlog is worked off on the following runs. */
const MAX_PAGES = 100;
const DELETE_ROWS = 1000;

/**
 * Deletes a tenant's audit rows older than `cutoff` (only when its owner set `auditDays`) without
 * breaking `/audit/verify` (decision 020):
 *
 * 1. walk the rows after the hub's current mark, oldest first, re-checking every hash and link,
 *    and stop at the first row not older than the cutoff. A broken row stops the walk too: the
 *    evidence of tampering is kept, never pruned away;
 * 2. the hub records the last verified row (seq and hash) as its new mark, before anything is
 *    deleted, so verification starts there from now on;
 * 3. D1 rows up to the mark are deleted in batches. Should this fail midway, the leftover rows
 *    lie before the mark: verification skips them and the next run deletes them.
 */
export async function pruneAudit(
  db: D1Database,
  hub: DurableObjectStub<TenantHub>,
  tenantId: string,
  cutoff: number,
): Promise<number> {
  const before = new Date(cutoff).toISOString();
  const anchor = await hub.auditAnchor();
  let prev = { seq: anchor.prunedSeq, hash: anchor.prunedHash };
  walk: for (let page = 0; page < MAX_PAGES; page++) {
    const rows = await auditOldestFirst(db, tenantId, {}, prev.seq, PAGE_ROWS);
    for (const row of rows) {
      if (row.at >= before || row.seq > anchor.flushedSeq) break walk;
      if (!linksTo(row, prev) || (row.seq === anchor.flushedSeq && row.hash !== anchor.flushedHash)) {
        log("error", "audit chain broken: retention keeps it from here", {
          tenantId,
          seq: row.seq,
          id: row.id,
        });
        break walk;
      }
      prev = { seq: row.seq, hash: row.hash };
    }
    if (rows.length < PAGE_ROWS) break;
  }
  const mark = prev.seq > anchor.prunedSeq ? await hub.advanceAuditPruneMark(prev.seq, prev.hash) : anchor;
  const statement = db.prepare(
    `DELETE FROM audit_log WHERE tenant_id = ?1 AND rowid IN (
       SELECT rowid FROM audit_log WHERE tenant_id = ?1 AND seq <= ?2 ORDER BY seq LIMIT ?3)`,
  );
  let deleted = 0;
  for (;;) {
    const { changes } = (await statement.bind(tenantId, mark.prunedSeq, DELETE_ROWS).run()).meta;
    deleted += changes;
    if (changes < DELETE_ROWS) return deleted;
  }
}
