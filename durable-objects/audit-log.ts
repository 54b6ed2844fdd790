import type { BatchItem } from "drizzle-orm/batch";
import { drizzle } from "drizzle-orm/d1";
import {
  type AuditInput,
  type AuditRow,
  auditHash,
  canonicalJson,
  GENESIS_HASH,
} from "../shared/audit-chain";
import { newId } from "../shared/ids";
import { auditLog } from "../worker/db/schema";
import type { HubStore } from "./hub-store";

/**
 * The tenant's audit chain, kept by its hub. The hub is the only writer, so appending is a plain
 * synchronous read of the head and write of the next row: nothing can interleave. Rows wait in a
 * local outbox (committed with the change they record) until a flush copies them to D1; the head
 * and the last flushed row stay in `meta` after the outbox is pruned, and anchor `/audit/verify`.
 */

/** Who did it and from where: what a route hands a hub command so the command can audit itself. */
export type AuditContextInput = Pick<AuditInput, "actor" | "requestId" | "address" | "userAgent">;

/** What a command changed. `before`/`after` are JSON text, taken when the value was current. */
export interface AuditChange {
  action: string;
  target: { type: string; id: string | null };
  reason?: string | null;
  before?: string | null;
  after?: string | null;
}

export type StoredAuditRow = AuditRow & { hash: string };

/** Where the chain stands in the hub: D1 must hold `flushedSeq` with `flushedHash`, and nothing past `headSeq`. */
export interface AuditAnchor {
  headSeq: number;
  flushedSeq: number;
  flushedHash: string;
}

const SYSTEM: AuditContextInput = { actor: { type: "system", id: null } };

/** A value as audit JSON, frozen now (later changes to the live object do not leak into the row). */
export const auditJson = (value: unknown): string => canonicalJson(value);

export function auditInput(context: AuditContextInput | undefined, change: AuditChange): AuditInput {
  return {
    ...(context ?? SYSTEM),
    action: change.action,
    target: change.target,
    reason: change.reason ?? null,
    before: change.before ?? null,
    after: change.after ?? null,
  };
}

/** 17 columns a row: 5 rows per INSERT stays under D1's 100 bound parameters. */
const ROWS_PER_INSERT = Math.floor(100 / 17);
const ROWS_PER_BATCH = 200;

const HEAD_SEQ = "audit_head_seq";
const HEAD_HASH = "audit_head_hash";
const FLUSHED_SEQ = "audit_flushed_seq";
const FLUSHED_HASH = "audit_flushed_hash";

export class AuditLog {
  /** Every flush runs after the previous one has settled, so two never send the same rows at once. */
  private tail: Promise<void> = Promise.resolve();
  /** A flush that has not started yet covers every row appended before it starts: callers share it. */
  private queued: Promise<void> | null = null;

  constructor(
    private readonly sql: SqlStorage,
    private readonly store: HubStore,
    private readonly db: D1Database,
  ) {}

  /** Synchronous from reading the head to writing the row: the chain cannot fork. */
  append(tenantId: string, input: AuditInput, now: number): { id: string; seq: number } {
    const row: AuditRow = {
      id: newId("aud", now),
      tenantId,
      seq: Number(this.store.getMeta(HEAD_SEQ) ?? "0") + 1,
      at: new Date(now).toISOString(),
      actorType: input.actor.type,
      actorId: input.actor.id,
      action: input.action,
      targetType: input.target?.type ?? null,
      targetId: input.target?.id ?? null,
      reason: input.reason ?? null,
      requestId: input.requestId ?? null,
      address: input.address ?? null,
      userAgent: input.userAgent ?? null,
      before: input.before,
      after: input.after,
      prevHash: this.store.getMeta(HEAD_HASH) ?? GENESIS_HASH,
    };
    const stored: StoredAuditRow = { ...row, hash: auditHash(row) };
    this.sql.exec(`INSERT INTO audit_outbox (seq, body) VALUES (?, ?)`, row.seq, JSON.stringify(stored));
    this.store.setMeta(HEAD_SEQ, String(row.seq));
    this.store.setMeta(HEAD_HASH, stored.hash);
    return { id: row.id, seq: row.seq };
  }

  unflushed(): boolean {
    return this.sql.exec(`SELECT 1 FROM audit_outbox LIMIT 1`).toArray().length > 0;
  }

  anchor(): AuditAnchor {
    return {
      headSeq: Number(this.store.getMeta(HEAD_SEQ) ?? "0"),
      flushedSeq: Number(this.store.getMeta(FLUSHED_SEQ) ?? "0"),
      flushedHash: this.store.getMeta(FLUSHED_HASH) ?? GENESIS_HASH,
    };
  }

  /** Resolves once every row appended before the call is in D1; rejects if D1 refused (rows stay queued). */
  flush(): Promise<void> {
    if (this.queued) return this.queued;
    const run = this.tail.then(() => {
      this.queued = null;
      return this.drain();
    });
    this.queued = run;
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async drain(): Promise<void> {
    for (;;) {
      const rows = this.sql
        .exec<{ body: string }>(`SELECT body FROM audit_outbox ORDER BY seq LIMIT ?`, ROWS_PER_BATCH)
        .toArray()
        .map((r) => JSON.parse(r.body) as StoredAuditRow);
      const last = rows[rows.length - 1];
      if (!last) return;
      await writeAuditRows(this.db, rows);
      this.sql.exec(`DELETE FROM audit_outbox WHERE seq <= ?`, last.seq);
      this.store.setMeta(FLUSHED_SEQ, String(last.seq));
      this.store.setMeta(FLUSHED_HASH, last.hash);
    }
  }
}

/** One D1 batch (one transaction); a retried flush inserts nothing twice: (tenant_id, seq) is unique. */
async function writeAuditRows(db: D1Database, rows: StoredAuditRow[]): Promise<void> {
  const d1 = drizzle(db);
  const statements: BatchItem<"sqlite">[] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT)
    statements.push(
      d1
        .insert(auditLog)
        .values(rows.slice(i, i + ROWS_PER_INSERT))
        .onConflictDoNothing(),
    );
  const [first, ...rest] = statements;
  if (first) await d1.batch([first, ...rest]);
}
