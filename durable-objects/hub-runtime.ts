import type { AuditInput } from "../shared/audit-chain";
import type { EventEnvelope } from "../shared/events";
import { type Assignment, DEFAULT_CONFIG, type DomainEvent, GovernanceEngine } from "../shared/governance";
import { newId } from "../shared/ids";
import { errorMessage, log } from "../shared/log";
import type { Env } from "../worker/env";
import type { ExecutionMessage } from "../worker/executors/types";
import { HubAlerts } from "./alerts";
import { AuditLog } from "./audit-log";
import { DemoDirector } from "./demo-director";
import { executionMessage, sendAssignments } from "./dispatch";
import { flushPending } from "./history-flush";
import { HubMetrics } from "./hub-metrics";
import { migrateHubSchema } from "./hub-schema";
import { type AgentRecord, HubStore } from "./hub-store";
import { HubUsage } from "./hub-usage";
import { LlmUsageStore } from "./llm-usage";
import { WebhookOutbox } from "./webhook-outbox";

/** Ticks coalesce: every trigger within this window is served by one alarm. */
const TICK_DELAY_MS = 5;
/** History reaches D1 within about this long of the event (batched: D1 is single-threaded). */
const FLUSH_DELAY_MS = 250;
const FLUSH_BATCH_EVENTS = 500;
/** ARCHITECTURE §4: keep at least 10,000 events or 24 h for replay. */
const KEEP_EVENTS = 10_000;
const KEEP_EVENTS_MS = 24 * 3600_000;
const IDEMPOTENCY_TTL_MS = 24 * 3600_000;
const RETRY_DISPATCH_MS = 1000;
/** Webhook messages leave within about this long of the event (sends coalesce like ticks). */
const WEBHOOK_DELAY_MS = 5;

/**
 * The hub's machinery behind its RPC surface: the engine and its persistence, the event log, the
 * coalesced alarm that drives ticks, deadlines and history flushes, and dispatch to the queue.
 * Commands change the engine, then `commit` persists what changed and appends the events.
 */
export class HubRuntime {
  readonly store: HubStore;
  readonly engine: GovernanceEngine;
  readonly records: Map<string, AgentRecord>;
  readonly audit: AuditLog;
  readonly usage: HubUsage;
  readonly llmUsage: LlmUsageStore;
  readonly webhooks: WebhookOutbox;
  readonly demo: DemoDirector;
  readonly alerts: HubAlerts;
  readonly metrics: HubMetrics;
  tenantId: string | null;
  private alarmAt: number | null = null;
  private tickDue = false;
  private flushing = false;
  /**
   * Called with each batch of events right after it is appended, in the same synchronous turn
   * (live fan-out, webhook dispatch). Listeners must not throw and must not await.
   */
  private readonly eventListeners: ((events: EventEnvelope[], now: number) => void)[] = [];
  /**
   * Batches a listener appended (alerts) wait here until every listener has seen the batch
   * being handled, so each listener still receives events in seq order.
   */
  private readonly notifyQueue: { events: EventEnvelope[]; now: number }[] = [];
  private notifying = false;

  constructor(
    private readonly ctx: DurableObjectState,
    private readonly env: Env,
  ) {
    migrateHubSchema(ctx.storage.sql);
    this.store = new HubStore(ctx.storage.sql);
    this.tenantId = this.store.getMeta("tenant_id");
    const snapshot = this.store.loadSnapshot();
    this.engine = new GovernanceEngine(snapshot?.config ?? DEFAULT_CONFIG, {
      ...(snapshot ? { snapshot } : {}),
      newCycleId: () => newId("cyc"),
    });
    this.records = this.store.agentRecords();
    this.audit = new AuditLog(ctx.storage.sql, this.store, env.DB);
    this.usage = new HubUsage(ctx.storage.sql);
    this.llmUsage = new LlmUsageStore(ctx.storage.sql);
    this.webhooks = new WebhookOutbox(ctx.storage.sql, this.store, env.WEBHOOK_QUEUE);
    this.demo = new DemoDirector(this);
    this.alerts = new HubAlerts(this, ctx.storage.sql);
    this.metrics = new HubMetrics(ctx.storage.sql);
    this.onEvents((events) => this.metrics.countEvents(events));
    this.onEvents((_, now) => {
      if (this.webhooks.pending()) this.scheduleAt(now + WEBHOOK_DELAY_MS);
    });
  }

  async loadAlarm(): Promise<void> {
    this.alarmAt = await this.ctx.storage.getAlarm();
  }

  init(tenantId: string): void {
    if (this.tenantId && this.tenantId !== tenantId) throw new Error("hub already belongs to another tenant");
    this.tenantId = tenantId;
    this.store.setMeta("tenant_id", tenantId);
    this.store.saveCore(this.engine.coreSnapshot());
  }

  /** Persists what the engine changed and appends the events to the log. */
  commit(events: DomainEvent[], correlationId: string, now: number): void {
    for (const agent of this.engine.agents()) this.store.saveAgent(agent);
    const taskIds = new Set<string>();
    for (const e of events) if (e.taskId) taskIds.add(e.taskId);
    for (const id of taskIds) {
      const task = this.engine.task(id);
      if (task) this.store.saveTask(task);
    }
    this.store.saveCore(this.engine.coreSnapshot());
    if (events.length) {
      const appended = this.store.appendEvents(events, this.tenantId ?? "", correlationId, now);
      for (const e of appended) if (e.type === "cycle.completed") logCycle(this.tenantId, e);
      this.notify(appended, now);
      this.usage.count(events, now);
      this.scheduleAt(now + FLUSH_DELAY_MS);
    }
    this.engine.pruneTerminal();
  }

  /**
   * Appends to the tenant's audit chain in the caller's synchronous turn, so a command's row
   * commits with its change. The alarm is the safety net should the caller's flush not happen.
   */
  appendAudit(input: AuditInput, now: number): { id: string; seq: number } {
    if (!this.tenantId) throw new Error("hub has no tenant yet: cannot audit");
    const appended = this.audit.append(this.tenantId, input, now);
    this.scheduleAt(now + FLUSH_DELAY_MS);
    return appended;
  }

  /** Copies pending audit rows to D1. A failure is logged, not thrown: the rows stay queued for the alarm. */
  async flushAudit(): Promise<void> {
    try {
      await this.audit.flush();
    } catch (err) {
      log("error", "audit flush failed", { tenantId: this.tenantId, error: errorMessage(err) });
      this.scheduleAt(Date.now() + FLUSH_DELAY_MS);
    }
  }

  onEvents(listener: (events: EventEnvelope[], now: number) => void): void {
    this.eventListeners.push(listener);
  }

  private notify(events: EventEnvelope[], now: number): void {
    this.notifyQueue.push({ events, now });
    if (this.notifying) return;
    this.notifying = true;
    try {
      for (let next = this.notifyQueue.shift(); next; next = this.notifyQueue.shift())
        for (const listener of this.eventListeners) listener(next.events, next.now);
    } finally {
      this.notifying = false;
    }
  }

  /** Something may now be assignable: tick soon (all requests within TICK_DELAY_MS share one tick). */
  requestTick(now: number): void {
    this.tickDue = true;
    this.scheduleAt(now + TICK_DELAY_MS);
  }

  /** The alarm's work: time-driven transitions, a tick, a history flush, log pruning. */
  async onAlarm(): Promise<void> {
    this.alarmAt = null;
    const now = Date.now();
    this.commit(this.engine.advance(now), "alarm", now);
    this.demo.onAlarm(now);
    this.alerts.onAlarm(now);
    if (this.tickDue || this.engine.openCounts().queued > 0) await this.runTick(now, "tick");
    if (this.unflushed()) await this.flushHistory();
    if (this.audit.unflushed()) await this.flushAudit();
    await this.dispatchWebhooks();
    this.pruneLogs(now);
    this.scheduleNext(Date.now());
  }

  /**
   * Trims the event log to its replay window (never past what D1 and the webhook outbox have
   * taken) and forgets expired idempotency keys. The alarm does it; the retention run does it for
   * idle hubs, which have no alarm.
   */
  pruneLogs(now: number): void {
    this.store.pruneEvents(
      KEEP_EVENTS,
      KEEP_EVENTS_MS,
      Math.min(this.flushedSeq(), this.webhooks.settledSeq()),
      now,
    );
    this.store.pruneIdempotency(IDEMPOTENCY_TTL_MS, now);
  }

  async runTick(now: number, correlationId: string): Promise<number> {
    this.tickDue = false;
    // A suspended tenant's queued tasks wait for `setSuspended(false)` (at most queueTimeoutMs).
    if (this.suspended()) return 0;
    // Hold reasons are not persisted on every tick: they are derived, live in the engine (which
    // the task views read), and are recomputed by the first tick after a restart.
    const { assignments, holds, events } = this.engine.tick(now);
    this.commit(events, correlationId, now);
    if (assignments.length || holds.length)
      log("info", "tick", {
        tenantId: this.tenantId,
        correlationId,
        assigned: assignments.length,
        held: holds.length,
        queued: this.engine.openCounts().queued,
      });
    if (assignments.length) await this.dispatch(assignments, now);
    return assignments.length;
  }

  /** Pushes all pending history to D1 (the event log is the outbox; see decision 003). */
  async flushHistory(): Promise<void> {
    if (this.flushing || !this.tenantId) return;
    this.flushing = true;
    try {
      await flushPending(this.store, this.env.DB, this.tenantId, FLUSH_BATCH_EVENTS);
      await this.usage.report(this.env.DB, this.tenantId);
    } catch (err) {
      // The outbox keeps the events; the next alarm retries.
      log("error", "history flush failed", { tenantId: this.tenantId, error: errorMessage(err) });
    } finally {
      this.flushing = false;
    }
  }

  suspended(): boolean {
    return this.store.getMeta("suspended") === "1";
  }

  /** Persisted, so a restarted hub stays suspended; resuming asks for a tick to assign what waited. */
  setSuspended(suspended: boolean, now: number): void {
    this.store.setMeta("suspended", suspended ? "1" : "0");
    if (!suspended) this.requestTick(now);
  }

  scheduleNext(now: number): void {
    const wake = this.engine.nextWakeAt();
    if (this.tickDue) this.scheduleAt(now + TICK_DELAY_MS);
    if (wake !== null) this.scheduleAt(Math.max(wake, now + 1));
    const demoWake = this.demo.nextWakeAt(now);
    if (demoWake !== null) this.scheduleAt(Math.max(demoWake, now + 1));
    const alertWake = this.alerts.nextWakeAt();
    if (alertWake !== null) this.scheduleAt(Math.max(alertWake, now + 1));
    if (this.unflushed() || this.audit.unflushed()) this.scheduleAt(now + FLUSH_DELAY_MS);
    if (this.webhooks.pending()) this.scheduleAt(now + RETRY_DISPATCH_MS);
  }

  /** Sends webhook messages for new events; on failure they stay in the outbox for the next alarm. */
  async dispatchWebhooks(): Promise<void> {
    if (!this.tenantId) return;
    try {
      await this.webhooks.dispatch(this.tenantId);
    } catch (err) {
      log("error", "webhook dispatch failed", { tenantId: this.tenantId, error: errorMessage(err) });
    }
  }

  /** Sends assignments to the execution queue; a chunk that cannot be sent goes back to the queue. */
  private async dispatch(assignments: Assignment[], now: number): Promise<void> {
    const tenantId = this.tenantId ?? "";
    await sendAssignments(
      this.env.EXECUTION_QUEUE,
      assignments,
      (a) => this.message(tenantId, a),
      (failed, err) => {
        log("error", "dispatch failed; releasing assignments", { tenantId, error: errorMessage(err) });
        this.commit(
          failed.flatMap((a) => this.engine.release(a.taskId, a.attempt, now)),
          "dispatch",
          now,
        );
        this.tickDue = true;
        this.scheduleAt(Date.now() + RETRY_DISPATCH_MS);
      },
    );
  }

  private message(tenantId: string, a: Assignment): ExecutionMessage | null {
    const record = this.records.get(a.agentId);
    const agent = this.engine.agent(a.agentId);
    const task = this.store.taskRow(a.taskId);
    if (!record || !agent || !task) return null;
    return executionMessage(tenantId, a, record.spec, agent.timeoutMs, task, Date.now());
  }

  private flushedSeq(): number {
    return Number(this.store.getMeta("flushed_seq") ?? "0");
  }

  private unflushed(): boolean {
    return this.store.latestSeq > this.flushedSeq();
  }

  /** Sets the alarm to `at` unless one is already due sooner (alarms coalesce). */
  private scheduleAt(at: number): void {
    if (this.alarmAt !== null && this.alarmAt <= at) return;
    this.alarmAt = at;
    void this.ctx.storage.setAlarm(at);
  }
}

/** One line per closed cycle: what an operator greps for when the threshold moved. */
function logCycle(tenantId: string | null, e: EventEnvelope): void {
  const d = e.data;
  log("info", "cycle", {
    tenantId,
    cycleId: e.cycleId ?? null,
    results: d.results ?? null,
    successes: d.successes ?? null,
    failures: d.failures ?? null,
    successRate: d.successRate ?? null,
    thresholdBefore: d.thresholdBefore ?? null,
    thresholdAfter: d.thresholdAfter ?? null,
    constraintScore: d.constraintScore ?? null,
  });
}
