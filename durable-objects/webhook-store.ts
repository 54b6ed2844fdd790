import type { WebhookView } from "../shared/schemas/webhooks";
import type { StoredSecret } from "./signing-secrets";

export interface WebhookRow {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  enabled: boolean;
  secrets: StoredSecret[];
  createdAt: number;
  updatedAt: number;
  /** Only events appended after the endpoint existed are sent to it. */
  createdSeq: number;
  disabledReason: string | null;
  disabledAt: number | null;
  consecutiveFailures: number;
  failingSince: number | null;
  lastSuccessAt: number | null;
  secretRotatedAt: number | null;
}

interface SqlRow extends Record<string, SqlStorageValue> {
  id: string;
  url: string;
  events: string;
  description: string | null;
  enabled: number;
  secrets: string;
  created_at: number;
  updated_at: number;
  created_seq: number;
  disabled_reason: string | null;
  disabled_at: number | null;
  consecutive_failures: number;
  failing_since: number | null;
  last_success_at: number | null;
  secret_rotated_at: number | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function webhookView(row: WebhookRow): WebhookView {
  return {
    id: row.id,
    url: row.url,
    events: row.events,
    description: row.description,
    enabled: row.enabled,
    disabledReason: row.disabledReason,
    disabledAt: iso(row.disabledAt),
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
    secretRotatedAt: iso(row.secretRotatedAt),
    consecutiveFailures: row.consecutiveFailures,
    failingSince: iso(row.failingSince),
    lastSuccessAt: iso(row.lastSuccessAt),
  };
}

function fromSql(r: SqlRow): WebhookRow {
  return {
    id: r.id,
    url: r.url,
    events: JSON.parse(r.events) as string[],
    description: r.description,
    enabled: r.enabled === 1,
    secrets: JSON.parse(r.secrets) as StoredSecret[],
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    createdSeq: r.created_seq,
    disabledReason: r.disabled_reason,
    disabledAt: r.disabled_at,
    consecutiveFailures: r.consecutive_failures,
    failingSince: r.failing_since,
    lastSuccessAt: r.last_success_at,
    secretRotatedAt: r.secret_rotated_at,
  };
}

/**
 * The tenant's webhook endpoints, in the hub's SQLite: the hub must know the subscribers in the
 * same turn that appends an event, so this is the source of truth (decision 010). The enabled
 * endpoints are cached in memory because every event batch consults them.
 */
export class WebhookStore {
  private cache: WebhookRow[] | null = null;

  constructor(private readonly sql: SqlStorage) {}

  all(): WebhookRow[] {
    return this.sql.exec<SqlRow>(`SELECT * FROM webhooks ORDER BY id DESC`).toArray().map(fromSql);
  }

  get(id: string): WebhookRow | null {
    const r = this.sql.exec<SqlRow>(`SELECT * FROM webhooks WHERE id = ?`, id).toArray()[0];
    return r ? fromSql(r) : null;
  }

  enabled(): WebhookRow[] {
    this.cache ??= this.all().filter((w) => w.enabled);
    return this.cache;
  }

  save(row: WebhookRow): void {
    this.sql.exec(
      `INSERT OR REPLACE INTO webhooks (id, url, events, description, enabled, secrets, created_at,
         updated_at, created_seq, disabled_reason, disabled_at, consecutive_failures, failing_since,
         last_success_at, secret_rotated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      row.id,
      row.url,
      JSON.stringify(row.events),
      row.description,
      row.enabled ? 1 : 0,
      JSON.stringify(row.secrets),
      row.createdAt,
      row.updatedAt,
      row.createdSeq,
      row.disabledReason,
      row.disabledAt,
      row.consecutiveFailures,
      row.failingSince,
      row.lastSuccessAt,
      row.secretRotatedAt,
    );
    this.cache = null;
  }

  delete(id: string): boolean {
    const removed = this.sql.exec(`DELETE FROM webhooks WHERE id = ?`, id).rowsWritten > 0;
    this.cache = null;
    return removed;
  }
}
