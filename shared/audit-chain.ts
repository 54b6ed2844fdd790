import { createHash } from "node:crypto";

/**
 * The audit log's hash chain. Each row's hash is sha256(prev_hash | canonical JSON of the row's
 * other columns), so changing any stored value, or removing a row, breaks the chain at that row.
 * Hashing is synchronous on purpose: the hub computes it inside one turn of its event loop, so no
 * other request can append between reading the chain's head and writing the new row.
 */

export const GENESIS_HASH = "0".repeat(64);

/** The columns of an audit row that the hash covers (everything but the hash itself). */
export interface AuditRow {
  id: string;
  tenantId: string;
  seq: number;
  at: string;
  actorType: string;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  reason: string | null;
  requestId: string | null;
  address: string | null;
  userAgent: string | null;
  /** JSON text, exactly as stored. */
  before: string | null;
  after: string | null;
  prevHash: string;
}

/** JSON with object keys sorted at every depth, so equal values always serialise identically. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

export function auditHash(row: AuditRow): string {
  const covered: AuditRow = {
    id: row.id,
    tenantId: row.tenantId,
    seq: row.seq,
    at: row.at,
    actorType: row.actorType,
    actorId: row.actorId,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    reason: row.reason,
    requestId: row.requestId,
    address: row.address,
    userAgent: row.userAgent,
    before: row.before,
    after: row.after,
    prevHash: row.prevHash,
  };
  return createHash("sha256")
    .update(`${row.prevHash}|${canonicalJson(covered)}`)
    .digest("hex");
}

/** What a caller supplies; the hub adds id, seq, time and the chain. */
export interface AuditEntry {
  actor: { type: "user" | "key" | "system" | "platform"; id: string | null };
  action: string;
  target?: { type: string; id: string | null } | undefined;
  reason?: string | null | undefined;
  requestId?: string | null | undefined;
  address?: string | null | undefined;
  userAgent?: string | null | undefined;
  before?: unknown;
  after?: unknown;
}

/** An entry as it crosses into the hub: before/after already JSON text (RPC carries no `unknown`). */
export type AuditInput = Omit<AuditEntry, "before" | "after"> & {
  before: string | null;
  after: string | null;
};

export function toAuditInput(entry: AuditEntry): AuditInput {
  const { before, after, ...rest } = entry;
  return {
    ...rest,
    before: before === undefined ? null : canonicalJson(before),
    after: after === undefined ? null : canonicalJson(after),
  };
}
