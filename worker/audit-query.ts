import { and, asc, desc, eq, gt, gte, lt, type SQL } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { auditLog } from "./db/schema";

/** Reading the tenant's audit rows from D1. Every query is scoped by tenant first. */

export type AuditRecord = typeof auditLog.$inferSelect;

export interface AuditFilter {
  /** Actor id (a user or key id). */
  actor?: string | undefined;
  /** An exact action, or `prefix.*` for every action under that prefix. */
  action?: string | undefined;
  /** Target id. */
  target?: string | undefined;
  /** Inclusive lower bound, ISO date-time. */
  from?: string | undefined;
  /** Exclusive upper bound, ISO date-time. */
  to?: string | undefined;
}

function conditions(tenantId: string, filter: AuditFilter): SQL[] {
  const where = [eq(auditLog.tenantId, tenantId)];
  if (filter.actor) where.push(eq(auditLog.actorId, filter.actor));
  if (filter.action?.endsWith(".*")) {
    // A range rather than LIKE: `_` in action names would be a LIKE wildcard, and the range uses
    // the (tenant_id, action, seq) index. '/' is the character right after '.'.
    const prefix = filter.action.slice(0, -1);
    where.push(gte(auditLog.action, prefix), lt(auditLog.action, `${prefix.slice(0, -1)}/`));
  } else if (filter.action) where.push(eq(auditLog.action, filter.action));
  if (filter.target) where.push(eq(auditLog.targetId, filter.target));
  // Rows store `at` as toISOString(); bounds normalised the same way compare correctly as text.
  if (filter.from) where.push(gte(auditLog.at, new Date(filter.from).toISOString()));
  if (filter.to) where.push(lt(auditLog.at, new Date(filter.to).toISOString()));
  return where;
}

/** Newest first, rows with seq below `beforeSeq`; one row more than `limit` tells whether more exist. */
export function auditNewestFirst(
  db: D1Database,
  tenantId: string,
  filter: AuditFilter,
  beforeSeq: number | undefined,
  limit: number,
): Promise<AuditRecord[]> {
  const where = conditions(tenantId, filter);
  if (beforeSeq !== undefined) where.push(lt(auditLog.seq, beforeSeq));
  return drizzle(db)
    .select()
    .from(auditLog)
    .where(and(...where))
    .orderBy(desc(auditLog.seq))
    .limit(limit + 1)
    .all();
}

/** Oldest first, rows with seq above `afterSeq` (chain order: for export and verification). */
export function auditOldestFirst(
  db: D1Database,
  tenantId: string,
  filter: AuditFilter,
  afterSeq: number,
  limit: number,
): Promise<AuditRecord[]> {
  return drizzle(db)
    .select()
    .from(auditLog)
    .where(and(...conditions(tenantId, filter), gt(auditLog.seq, afterSeq)))
    .orderBy(asc(auditLog.seq))
    .limit(limit)
    .all();
}

/** Stored JSON text back to a value; text that is no longer JSON (a tampered row) is shown as is. */
function parsed(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function renderAuditRow(r: AuditRecord) {
  return {
    id: r.id,
    seq: r.seq,
    at: r.at,
    actor: { type: r.actorType, id: r.actorId },
    action: r.action,
    target:
      r.targetType === null && r.targetId === null ? null : { type: r.targetType ?? "", id: r.targetId },
    reason: r.reason,
    requestId: r.requestId,
    address: r.address,
    userAgent: r.userAgent,
    before: parsed(r.before),
    after: parsed(r.after),
    prevHash: r.prevHash,
    hash: r.hash,
  };
}

export type AuditView = ReturnType<typeof renderAuditRow>;
