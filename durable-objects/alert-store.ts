import type { SuccessWindow } from "../shared/alerts/success-window";
import type { ActiveAlert } from "../shared/alerts/types";
import {
  type Alert,
  type AlertRuleName,
  type AlertRules,
  type AlertSeverity,
  type AlertState,
  withRuleDefaults,
} from "../shared/schemas/alerts";
import type { HubStore } from "./hub-store";

/** An alert as the hub keeps it: times in milliseconds. */
export interface AlertRecord {
  id: string;
  rule: AlertRuleName;
  subject: string | null;
  severity: AlertSeverity;
  state: AlertState;
  summary: string;
  value: number | null;
  threshold: number | null;
  firedAt: number;
  resolvedAt: number | null;
  resolution: string | null;
}

export function alertView(r: AlertRecord): Alert {
  return {
    id: r.id,
    rule: r.rule,
    subject: r.subject,
    severity: r.severity,
    state: r.state,
    summary: r.summary,
    value: r.value,
    threshold: r.threshold,
    firedAt: new Date(r.firedAt).toISOString(),
    resolvedAt: r.resolvedAt === null ? null : new Date(r.resolvedAt).toISOString(),
    resolution: r.resolution,
    durationMs: r.resolvedAt === null ? null : r.resolvedAt - r.firedAt,
  };
}

const RULES_KEY = "alert_rules";
const WINDOW_KEY = "alert_window";

/**
 * The `alerts` table (one row per alert instance, firing or resolved) and the rules and success
 * window as meta rows. A partial unique index allows one firing alert per (rule, subject); the
 * subject column holds '' for the tenant itself, so the index can compare it.
 */
export class AlertStore {
  constructor(
    private readonly sql: SqlStorage,
    private readonly meta: HubStore,
  ) {}

  rules(): AlertRules {
    const raw = this.meta.getMeta(RULES_KEY);
    return withRuleDefaults(raw === null ? null : JSON.parse(raw));
  }

  saveRules(rules: AlertRules): void {
    this.meta.setMeta(RULES_KEY, JSON.stringify(rules));
  }

  window(): SuccessWindow | null {
    const raw = this.meta.getMeta(WINDOW_KEY);
    return raw === null ? null : (JSON.parse(raw) as SuccessWindow);
  }

  saveWindow(window: SuccessWindow): void {
    this.meta.setMeta(WINDOW_KEY, JSON.stringify(window));
  }

  firing(): ActiveAlert[] {
    return this.sql
      .exec<{ body: string }>(`SELECT body FROM alerts WHERE state = 'firing' ORDER BY id`)
      .toArray()
      .map((r) => {
        const a = JSON.parse(r.body) as AlertRecord;
        return { id: a.id, rule: a.rule, subject: a.subject, firedAt: a.firedAt };
      });
  }

  insert(record: AlertRecord): void {
    this.sql.exec(
      `INSERT INTO alerts (id, rule, subject, state, fired_at, resolved_at, body) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      record.id,
      record.rule,
      record.subject ?? "",
      record.state,
      record.firedAt,
      record.resolvedAt,
      JSON.stringify(record),
    );
  }

  resolve(id: string, resolution: string, at: number): void {
    const record = this.get(id);
    if (!record) return;
    const next: AlertRecord = { ...record, state: "resolved", resolvedAt: at, resolution };
    this.sql.exec(
      `UPDATE alerts SET state = 'resolved', resolved_at = ?, body = ? WHERE id = ?`,
      at,
      JSON.stringify(next),
      id,
    );
  }

  get(id: string): AlertRecord | null {
    const row = this.sql.exec<{ body: string }>(`SELECT body FROM alerts WHERE id = ?`, id).toArray()[0];
    return row ? (JSON.parse(row.body) as AlertRecord) : null;
  }

  /** Newest first (ids are time-sortable), keyset-paginated by id; one row more than asked says there is a next page. */
  list(filter: { state?: AlertState; before?: string; limit: number }): AlertRecord[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (filter.state) {
      where.push("state = ?");
      args.push(filter.state);
    }
    if (filter.before) {
      where.push("id < ?");
      args.push(filter.before);
    }
    const clause = where.length ? `WHERE ${where.join(" AND ")}` : "";
    return this.sql
      .exec<{ body: string }>(
        `SELECT body FROM alerts ${clause} ORDER BY id DESC LIMIT ?`,
        ...args,
        filter.limit + 1,
      )
      .toArray()
      .map((r) => JSON.parse(r.body) as AlertRecord);
  }

  /** Resolved alerts are kept for `maxAgeMs` and at most `keep` of them, whichever is less. */
  pruneResolved(keep: number, maxAgeMs: number, now: number): void {
    this.sql.exec(`DELETE FROM alerts WHERE state = 'resolved' AND resolved_at < ?`, now - maxAgeMs);
    this.sql.exec(
      `DELETE FROM alerts WHERE state = 'resolved' AND id NOT IN
         (SELECT id FROM alerts WHERE state = 'resolved' ORDER BY resolved_at DESC, id DESC LIMIT ?)`,
      keep,
    );
  }
}
