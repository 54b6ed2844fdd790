import { and, asc, eq, gt } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { AuditAnchor } from "../durable-objects/audit-log";
import { auditHash, GENESIS_HASH } from "../shared/audit-chain";
import { auditOldestFirst } from "./audit-query";
import { auditLog } from "./db/schema";

/**
 * Re-checks the tenant's whole chain in D1: each row's hash, its link to the row before, and a
 * gap-free seq. The chain alone cannot catch someone who rewrites every row from the edit on,
 * recomputing the hashes (sha256 has no secret), nor a deleted tail; the hub's anchor can: D1
 * must hold the row the hub last flushed, with the hash the hub recorded, and no row the hub
 * never wrote.
 */

export interface VerifyResult {
  valid: boolean;
  /** Rows examined, up to and including the first broken one. */
  checked: number;
  /** The first row that fails; null when the chain is valid or rows are missing after its end. */
  firstBrokenId: string | null;
}

const PAGE_ROWS = 1000;

export async function verifyChain(
  db: D1Database,
  tenantId: string,
  anchor: () => Promise<AuditAnchor>,
): Promise<VerifyResult> {
  // Read before the walk: every row the hub had flushed by now must be there.
  const before = await anchor();
  let prev = { seq: 0, hash: GENESIS_HASH };
  let checked = 0;
  for (;;) {
    const rows = await auditOldestFirst(db, tenantId, {}, prev.seq, PAGE_ROWS);
    for (const row of rows) {
      checked += 1;
      const broken =
        row.seq !== prev.seq + 1 ||
        row.prevHash !== prev.hash ||
        auditHash(row) !== row.hash ||
        (row.seq === before.flushedSeq && row.hash !== before.flushedHash);
      if (broken) return { valid: false, checked, firstBrokenId: row.id };
      prev = { seq: row.seq, hash: row.hash };
    }
    if (rows.length < PAGE_ROWS) break;
  }
  if (prev.seq < before.flushedSeq) return { valid: false, checked, firstBrokenId: null };
  // Read after the walk: rows appended meanwhile are the hub's; anything beyond its head is not.
  const after = await anchor();
  if (prev.seq > after.headSeq) {
    const forged = await drizzle(db)
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenantId), gt(auditLog.seq, after.headSeq)))
      .orderBy(asc(auditLog.seq))
      .get();
    return { valid: false, checked, firstBrokenId: forged?.id ?? null };
  }
  return { valid: true, checked, firstBrokenId: null };
}
