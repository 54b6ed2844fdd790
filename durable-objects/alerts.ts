import { ZodError } from "zod";
import { evaluateAlerts } from "../shared/alerts/evaluate";
import { alertEvent } from "../shared/alerts/events";
import { emptyWindow, nextExpiry, type SuccessWindow } from "../shared/alerts/success-window";
import type { ActiveAlert, AlertSnapshot, ObservedEvent } from "../shared/alerts/types";
import type { EventEnvelope } from "../shared/events";
import { newId } from "../shared/ids";
import { errorMessage, log } from "../shared/log";
import { fieldPath, problems } from "../shared/problems";
import { type Alert, type AlertRules, type AlertState, mergeAlertRules } from "../shared/schemas/alerts";
import { type AlertRecord, AlertStore, alertView } from "./alert-store";
import { auditInput, auditJson } from "./audit-log";
import { fail } from "./hub-result";
import type { HubRuntime } from "./hub-runtime";
import type { CallMeta } from "./tenant-hub";

/** Resolved alerts are kept for 30 days or the last 1,000, whichever is less. */
const KEEP_RESOLVED = 1000;
const KEEP_RESOLVED_MS = 30 * 24 * 3600_000;
/** Pruning runs on the alarm, which fires many times a second on a busy tenant: once a minute is plenty. */
const PRUNE_EVERY_MS = 60_000;
const CORRELATION = "alerts";

/** Time-sortable like every Warden id, so "newest first" is id order. */
const newAlertId = (now: number) => newId("alr", now);

/**
 * The tenant's alerts (decision 019): evaluates the rules after every batch of events the hub
 * appends and on the alarm (the success-rate window slides with time), keeps the alert rows, and
 * appends `alert.fired` / `alert.resolved` through the same log, so live feeds, SSE and webhooks
 * carry them like any other event.
 */
export class HubAlerts {
  private readonly store: AlertStore;
  private rulesNow: AlertRules;
  private active: ActiveAlert[];
  private window: SuccessWindow;
  private lastPrunedAt = 0;

  constructor(
    private readonly rt: HubRuntime,
    sql: SqlStorage,
  ) {
    this.store = new AlertStore(sql, rt.store);
    this.rulesNow = this.store.rules();
    this.active = this.store.firing();
    this.window = this.store.window() ?? emptyWindow(this.rulesNow.successRate.windowMs);
    rt.onEvents((events, now) => this.onEvents(events, now));
  }

  rules(): AlertRules {
    return this.rulesNow;
  }

  /** Validated field by field, audited like a config change, and applied at once. */
  changeRules(patch: Record<string, unknown>, meta: CallMeta): AlertRules {
    const before = this.rulesNow;
    let next: AlertRules;
    try {
      next = mergeAlertRules(before, patch);
    } catch (err) {
      if (err instanceof ZodError)
        fail(problems.validation(err.issues.map((i) => ({ field: fieldPath(i.path), message: i.message }))));
      throw err;
    }
    const now = Date.now();
    this.store.saveRules(next);
    this.rulesNow = next;
    this.rt.appendAudit(
      auditInput(meta.audit, {
        action: "alerts.rules.change",
        target: { type: "alert_rules", id: null },
        before: auditJson(before),
        after: auditJson(next),
      }),
      now,
    );
    this.evaluate([], now);
    this.rt.scheduleNext(now);
    return next;
  }

  list(filter: { state?: AlertState; before?: string; limit: number }): {
    alerts: Alert[];
    nextBefore: string | null;
  } {
    const rows = this.store.list(filter);
    const page = rows.slice(0, filter.limit);
    const last = page[page.length - 1];
    return { alerts: page.map(alertView), nextBefore: rows.length > filter.limit && last ? last.id : null };
  }

  /**
   * After a change that appends no event but may end an alert (a webhook endpoint enabled or
   * deleted): evaluates now and passes the change's result through.
   */
  afterChange<T>(result: T): T {
    this.evaluate([], Date.now());
    return result;
  }

  /** The success-rate window slides with time: its counts change when its oldest bucket leaves. */
  nextWakeAt(): number | null {
    if (!this.rulesNow.successRate.enabled) return null;
    return nextExpiry(this.window, this.rulesNow.successRate.windowMs);
  }

  onAlarm(now: number): void {
    const wake = this.nextWakeAt();
    if (wake !== null && wake <= now) this.evaluate([], now);
    if (now - this.lastPrunedAt >= PRUNE_EVERY_MS) {
      this.store.pruneResolved(KEEP_RESOLVED, KEEP_RESOLVED_MS, now);
      this.lastPrunedAt = now;
    }
  }

  private onEvents(events: EventEnvelope[], now: number): void {
    // Our own events come back through the log: they are no news to the rules.
    const news = events.filter((e) => e.type !== "alert.fired" && e.type !== "alert.resolved");
    if (news.length) this.evaluate(news, now);
  }

  /**
   * Runs inside the commit that appended the events (listeners must not throw): a fault in
   * alerting is logged and must never undo the governance change that triggered it.
   */
  private evaluate(events: ObservedEvent[], now: number): void {
    if (!this.rt.tenantId) return;
    try {
      const out = evaluateAlerts({
        rules: this.rulesNow,
        active: this.active,
        window: this.window,
        events,
        snapshot: this.snapshot(),
        now,
        newId: () => newAlertId(now),
      });
      if (out.window !== this.window) this.store.saveWindow(out.window);
      this.window = out.window;
      if (!out.transitions.length) return;
      for (const t of out.transitions) {
        if (t.kind === "fired") this.store.insert(firedRecord(t.alert, t.severity, t));
        else this.store.resolve(t.alert.id, t.summary, now);
      }
      this.active = out.active;
      // The runtime hands these to its listeners after the batch being handled: order by seq holds.
      this.rt.commit(out.transitions.map(alertEvent), CORRELATION, now);
    } catch (err) {
      log("error", "alert evaluation failed", { tenantId: this.rt.tenantId, error: errorMessage(err) });
      // What the table says is the truth: reload it so memory cannot drift from it.
      this.active = this.store.firing();
    }
  }

  private snapshot(): AlertSnapshot {
    const { engine, webhooks } = this.rt;
    return {
      circuit: engine.circuit.state,
      circuitFailureRate: engine.config.circuitFailureRate,
      agents: engine.agents().map((a) => ({ id: a.id, name: a.name, status: a.status })),
      queued: engine.openCounts().queued,
      webhook: (id) => {
        const row = webhooks.endpoints.get(id);
        return row ? { url: row.url, enabled: row.enabled } : null;
      },
    };
  }
}

function firedRecord(
  alert: ActiveAlert,
  severity: AlertRecord["severity"],
  t: { summary: string; value: number | null; threshold: number | null },
): AlertRecord {
  return {
    id: alert.id,
    rule: alert.rule,
    subject: alert.subject,
    severity,
    state: "firing",
    summary: t.summary,
    value: t.value,
    threshold: t.threshold,
    firedAt: alert.firedAt,
    resolvedAt: null,
    resolution: null,
  };
}
