import { env } from "cloudflare:workers";
import type { AuditEntryView as AuditEntry } from "../../shared/schemas/audit";
import { api } from "./api";

export type { AuditEntry };

/** An audit row as stored in D1 (snake_case columns). */
export interface StoredAuditRow {
  id: string;
  tenant_id: string;
  seq: number;
  at: string;
  actor_type: string;
  actor_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  reason: string | null;
  request_id: string | null;
  address: string | null;
  user_agent: string | null;
  before: string | null;
  after: string | null;
  prev_hash: string;
  hash: string;
}

export interface Verification {
  valid: boolean;
  checked: number;
  firstBrokenId: string | null;
}

/** Every page of `GET /audit` with the given query, followed through `nextCursor`. */
export async function allEntries(key: string, query = "", limit = 200): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  let cursor: string | null = null;
  do {
    const params = new URLSearchParams(query);
    params.set("limit", String(limit));
    if (cursor) params.set("cursor", cursor);
    const res = await api<{ entries: AuditEntry[]; nextCursor: string | null }>(`/api/v1/audit?${params}`, {
      key,
    });
    if (res.status !== 200) throw new Error(`audit list failed: ${res.status} ${JSON.stringify(res.body)}`);
    out.push(...res.body.entries);
    cursor = res.body.nextCursor;
  } while (cursor);
  return out;
}

export async function verify(key: string): Promise<Verification> {
  const res = await api<Verification>("/api/v1/audit/verify", { key });
  if (res.status !== 200) throw new Error(`verify failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The tenant's rows straight from D1, in chain order. */
export async function storedRows(tenantId: string): Promise<StoredAuditRow[]> {
  const { results } = await env.DB.prepare(`SELECT * FROM audit_log WHERE tenant_id = ? ORDER BY seq`)
    .bind(tenantId)
    .all<StoredAuditRow>();
  return results;
}

/** The id of the tenant's first API key (the one `createTenant` returns): the actor of its calls. */
export async function firstKeyId(tenantId: string): Promise<string> {
  const row = await env.DB.prepare(`SELECT id FROM api_keys WHERE tenant_id = ? ORDER BY id LIMIT 1`)
    .bind(tenantId)
    .first<{ id: string }>();
  if (!row) throw new Error(`tenant ${tenantId} has no key`);
  return row.id;
}
