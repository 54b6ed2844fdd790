import { and, asc, eq, gt } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { AuditAnchor } from "../durable-objects/audit-log";
import type { AuditPruneMark } from "../durable-objects/hub-retention";
import { auditHash, GENESIS_HASH } from "../shared/audit-chain";
import { type AuditRecord, auditOldestFirst } from "./audit-query";
import { auditLog } from "./db/schema";

/**
 * Re-checks the tenant's whole chain in D1: each row's hash, its link to the row before, and a
 * gap-free seq. The chain alone cannot catch someone who rewrites every row from the edit on,
 * recomputing the hashes (sha256 has no secret), nor a deleted tail; the hub's anchor can: D1
 * must hold the row the hub last flushed, with the hash the hub recorded, and no row the hub
 * never wrote.
 *
 * Rows deleted by the retention policy (decision 020) are not missing: the hub records the last
 * deleted seq and its hash (verified before deletion), and the kept chain must start right after
 * it and link to that hash. Deleting more of the oldest rows leaves a gap there, as anywhere.
 */

/** The hub's anchor, with the retention mark when the chain's oldest rows were deleted. */
export type VerifyAnchor = AuditAnchor & Partial<AuditPruneMark>;

export interface VerifyResult {
  valid: boolean;
  /** Rows examined, up to and including the first broken one. */
  checked: number;
  /** The first row that fails; null when the chain is valid or rows are missing after its end. */
  firstBrokenId: string | null;
  /** Where the kept chain starts, when older rows were deleted by the retention policy. */
  keptFromSeq?: number;
}

/** True when `row` is intact and follows `prev` directly. */
export function linksTo(row: AuditRecord, prev: { seq: number; hash: string }): boolean {
  return row.seq === prev.seq + 1 && row.prevHash === prev.hash && auditHash(row) === row.hash;
}

const PAGE_ROWS = 1000;

export async function verifyChain(
  db: D1Database,
  tenantId: string,
  anchor: () => Promise<VerifyAnchor>,
): Promise<VerifyResult> {
  const before = await anchor();
  const result = await walk(db, tenantId, before, anchor);
  if (result.valid) return result;
  // A retention run may have deleted rows mid-walk: judge again from its new mark.
  const now = await anchor();
  return (now.prunedSeq ?? 0) === (before.prunedSeq ?? 0) ? result : walk(db, tenantId, now, anchor);
}

async function walk(
  db: D1Database,
  tenantId: string,
  // Read before the walk: every row the hub had flushed by then must be there.
  before: VerifyAnchor,
  anchor: () => Promise<VerifyAnchor>,
): Promise<VerifyResult> {
  const start = before.prunedSeq ?? 0;
  const kept = start > 0 ? { keptFromSeq: start + 1 } : {};
  let prev = { seq: start, hash: start > 0 ? (before.prunedHash ?? GENESIS_HASH) : GENESIS_HASH };
  let checked = 0;
  for (;;) {
    const rows = await auditOldestFirst(db, tenantId, {}, prev.seq, PAGE_ROWS);
    for (const row of rows) {
      checked += 1;
      const broken =
        !linksTo(row, prev) || (row.seq === before.flushedSeq && row.hash !== before.flushedHash);
      if (broken) return { valid: false, checked, firstBrokenId: row.id, ...kept };
      prev = { seq: row.seq, hash: row.hash };
    }
    if (rows.length < PAGE_ROWS) break;
  }
  if (prev.seq < before.flushedSeq) return { valid: false, checked, firstBrokenId: null, ...kept };
  // Read after the walk: rows appended meanwhile are the hub's; anything beyond its head is not.
  const after = await anchor();
  if (prev.seq > after.headSeq) {
    const forged = await drizzle(db)
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenantId), gt(auditLog.seq, after.headSeq)))
      .orderBy(asc(auditLog.seq))
      .get();
    return { valid: false, checked, firstBrokenId: forged?.id ?? null, ...kept };
  }
  return { valid: true, checked, firstBrokenId: null, ...kept };
}
