import { DurableObject } from "cloudflare:workers";
import { ZodError } from "zod";
import type { EventEnvelope } from "../shared/events";
import {
  type Assignment,
  DEFAULT_CONFIG,
  type DomainEvent,
  type GovernanceConfig,
  GovernanceEngine,
  GovernanceError,
  mergeConfig,
  type ResultInput,
} from "../shared/governance";
import { newId } from "../shared/ids";
import { errorMessage, log } from "../shared/log";
import { fieldPath, type HubResult, type Problem, problemData, problems } from "../shared/problems";
import type { AgentCreate, AgentPatch, AgentView } from "../shared/schemas/agents";
import type { HubTask, TaskInput } from "../shared/schemas/tasks";
import type { Env } from "../worker/env";
import type { ExecutionMessage } from "../worker/executors/types";
import { historyRows, writeHistory } from "./history-flush";
import { migrateHubSchema } from "./hub-schema";
import { type AgentRecord, type AgentSpec, HubStore } from "./hub-store";
import { agentView, taskView } from "./views";

/** Ticks coalesce: every trigger within this window is served by one alarm. */
const TICK_DELAY_MS = 5;
/** History reaches D1 within about this long of the event (batched: D1 is single-threaded). */
const FLUSH_DELAY_MS = 250;
const FLUSH_BATCH_EVENTS = 500;
/** ARCHITECTURE §4: keep at least 10,000 events or 24 h for replay. */
const KEEP_EVENTS = 10_000;
const KEEP_EVENTS_MS = 24 * 3600_000;
const IDEMPOTENCY_TTL_MS = 24 * 3600_000;
/** Queues: sendBatch takes at most 100 messages and 256 KB; stay under both. */
const SEND_MAX_MESSAGES = 100;
const SEND_MAX_BYTES = 240 * 1024;
const RETRY_DISPATCH_MS = 1000;

export interface CallMeta {
  correlationId: string;
}

/** One execution outcome as the queue consumer reports it (the engine's result input). */
export type ResultReport = ResultInput;

/** Thrown inside the hub for an expected refusal; `guard` turns it into a HubResult. */
class Refusal extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
}

function fail(problem: Problem): never {
  throw new Refusal(problem);
}

async function guard<T>(work: () => T | Promise<T>): Promise<HubResult<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (err) {
    if (err instanceof Refusal) return { ok: false, problem: problemData(err.problem) };
    // The engine refuses commands that make no sense in the current state (reinstating an active
    // agent, suppressing an excluded one): a conflict for the caller, not a server error.
    if (err instanceof GovernanceError) {
      const notFound = err.code === "agent_not_found" || err.code === "task_not_found";
      return {
        ok: false,
        problem: problemData(notFound ? problems.notFound(err.message) : problems.conflict(err.message)),
      };
    }
    throw err;
  }
}

/**
 * One per tenant. Owns the tenant's live governance state (the pure engine), persists it in the
 * object's SQLite, keeps the event log, dispatches assignments to the execution queue and flushes
 * history to D1. Reached only through `idFromName(tenantId)` with a tenant the Worker authenticated.
 */
export class TenantHub extends DurableObject<Env> {
  private store!: HubStore;
  private engine!: GovernanceEngine;
  private records = new Map<string, AgentRecord>();
  private tenantId: string | null = null;
  private alarmAt: number | null = null;
  private tickDue = false;
  private flushing = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      migrateHubSchema(ctx.storage.sql);
      this.load();
      this.alarmAt = await ctx.storage.getAlarm();
    });
  }

  private load(): void {
    this.store = new HubStore(this.ctx.storage.sql);
    this.tenantId = this.store.getMeta("tenant_id");
    const snapshot = this.store.loadSnapshot();
    this.engine = new GovernanceEngine(snapshot?.config ?? DEFAULT_CONFIG, {
      ...(snapshot ? { snapshot } : {}),
      newCycleId: () => newId("cyc"),
    });
    this.records = this.store.agentRecords();
  }

  // --- lifecycle -------------------------------------------------------------------------------

  async init(tenantId: string): Promise<void> {
    if (this.tenantId && this.tenantId !== tenantId) throw new Error("hub already belongs to another tenant");
    this.tenantId = tenantId;
    this.store.setMeta("tenant_id", tenantId);
    this.store.saveCore(this.engine.coreSnapshot());
  }

  async ping(): Promise<{ ok: true; seq: number }> {
    return { ok: true, seq: this.store.latestSeq };
  }

  // --- agents ----------------------------------------------------------------------------------

  async listAgents(): Promise<AgentView[]> {
    return this.engine.agents().flatMap((a) => {
      const record = this.records.get(a.id);
      return record ? [agentView(a, record)] : [];
    });
  }

  async getAgent(id: string): Promise<HubResult<AgentView>> {
    return guard(() => this.view(id));
  }

  async createAgent(input: AgentCreate, meta: CallMeta): Promise<HubResult<AgentView>> {
    return guard(() => this.registerAgent(input, meta));
  }

  private registerAgent(input: AgentCreate, meta: CallMeta): AgentView {
    const now = Date.now();
    const id = newId("agt", now);
    const events = this.engine.registerAgent(
      {
        id,
        name: input.name,
        capabilities: input.capabilities,
        maxConcurrency: input.maxConcurrency,
        ...(input.slowMs !== undefined ? { slowMs: input.slowMs } : {}),
        ...(input.timeoutMs !== undefined ? { timeoutMs: input.timeoutMs } : {}),
      },
      now,
    );
    const spec: AgentSpec = {
      kind: input.kind,
      endpoint: input.endpoint ?? null,
      simulation: input.simulation ?? null,
    };
    const state = this.engine.agent(id);
    if (!state) throw new Error("engine did not register the agent");
    this.store.insertAgent(state, spec, now);
    this.records.set(id, { spec, createdAt: now });
    this.commit(events, meta.correlationId, now);
    this.requestTick(now);
    return this.view(id);
  }

  async updateAgent(id: string, patch: AgentPatch, meta: CallMeta): Promise<HubResult<AgentView>> {
    return guard(() => this.changeAgent(id, patch, meta));
  }

  private changeAgent(id: string, patch: AgentPatch, meta: CallMeta): AgentView {
    const record = this.requireAgent(id);
    const now = Date.now();
    const { endpoint, simulation, ...governed } = patch;
    const spec: AgentSpec = {
      ...record.spec,
      ...(endpoint !== undefined ? { endpoint } : {}),
      ...(simulation !== undefined ? { simulation } : {}),
    };
    const events = Object.keys(governed).length ? this.engine.updateAgent(id, governed, now) : [];
    this.store.updateAgentSpec(id, spec);
    this.records.set(id, { ...record, spec });
    if (!events.length && (endpoint !== undefined || simulation !== undefined)) {
      events.push({ type: "agent.updated", agentId: id, data: { changes: Object.keys(patch) } });
    }
    this.commit(events, meta.correlationId, now);
    this.requestTick(now);
    return this.view(id);
  }

  async deleteAgent(id: string, meta: CallMeta): Promise<HubResult<null>> {
    return guard(() => {
      this.requireAgent(id);
      const now = Date.now();
      const events = this.engine.removeAgent(id, now);
      this.store.deleteAgent(id);
      this.records.delete(id);
      this.commit(events, meta.correlationId, now);
      this.requestTick(now);
      return null;
    });
  }

  async overrideTrust(
    id: string,
    trust: number,
    reason: string,
    meta: CallMeta,
  ): Promise<HubResult<AgentView>> {
    return this.agentControl(id, meta, (now) => this.engine.overrideTrust(id, trust, reason, now));
  }

  async suppressAgent(id: string, reason: string, meta: CallMeta): Promise<HubResult<AgentView>> {
    return this.agentControl(id, meta, (now) => this.engine.suppress(id, reason, now));
  }

  async reinstateAgent(id: string, reason: string, meta: CallMeta): Promise<HubResult<AgentView>> {
    return this.agentControl(id, meta, (now) => this.engine.reinstate(id, reason, now));
  }

  private agentControl(
    id: string,
    meta: CallMeta,
    act: (now: number) => DomainEvent[],
  ): Promise<HubResult<AgentView>> {
    return guard(() => {
      this.requireAgent(id);
      const now = Date.now();
      this.commit(act(now), meta.correlationId, now);
      this.requestTick(now);
      return this.view(id);
    });
  }

  private requireAgent(id: string): AgentRecord {
    const record = this.records.get(id);
    if (!record || !this.engine.agent(id)) fail(problems.notFound(`Agent ${id}`));
    return record;
  }

  private view(id: string): AgentView {
    const record = this.requireAgent(id);
    const state = this.engine.agent(id);
    if (!state) fail(problems.notFound(`Agent ${id}`));
    return agentView(state, record);
  }

  // --- tasks -----------------------------------------------------------------------------------

  /**
   * Accepts a batch atomically. With an idempotency key, the same key and body return the ids of
   * the first call and create nothing; the same key with another body is a conflict.
   */
  async submitTasks(
    tasks: TaskInput[],
    idempotency: { key: string; bodyHash: string } | null,
    meta: CallMeta,
  ): Promise<HubResult<{ taskIds: string[]; replayed: boolean }>> {
    return guard(() => this.acceptTasks(tasks, idempotency, meta));
  }

  private acceptTasks(
    tasks: TaskInput[],
    idempotency: { key: string; bodyHash: string } | null,
    meta: CallMeta,
  ): { taskIds: string[]; replayed: boolean } {
    if (idempotency) {
      const seen = this.store.idempotentBatch(idempotency.key);
      if (seen) {
        if (seen.bodyHash !== idempotency.bodyHash)
          fail(problems.conflict("This Idempotency-Key was already used with a different request body."));
        return { taskIds: seen.taskIds, replayed: true };
      }
    }
    const now = Date.now();
    const config = this.engine.config;
    const taskIds = tasks.map(() => newId("tsk", now));
    const events = this.engine.submit(
      tasks.map((t, i) => ({
        id: taskIds[i] ?? "",
        impact: t.impact,
        urgency: t.urgency,
        risk: t.risk,
        capabilities: t.capabilities,
        maxAttempts: t.maxAttempts ?? config.defaultMaxAttempts,
      })),
      now,
    );
    tasks.forEach((t, i) => {
      const state = this.engine.task(taskIds[i] ?? "");
      if (state) this.store.insertTask(state, t.externalId ?? null, t.payload);
    });
    if (idempotency) this.store.rememberBatch(idempotency.key, idempotency.bodyHash, taskIds, now);
    this.commit(events, meta.correlationId, now);
    this.requestTick(now);
    return { taskIds, replayed: false };
  }

  async getTask(id: string): Promise<HubResult<HubTask>> {
    return guard(() => this.task(id));
  }

  private task(id: string): HubTask {
    const live = this.engine.task(id);
    const row = this.store.taskRow(id);
    if (!row) fail(problems.notFound(`Task ${id}`));
    return taskView(live ?? row.state, row.externalId, row.payload);
  }

  async listTasks(filter: {
    status?: string;
    agentId?: string;
    before?: string;
    limit: number;
  }): Promise<{ tasks: HubTask[]; nextBefore: string | null }> {
    const rows = this.store.listTasks(filter);
    const page = rows.slice(0, filter.limit);
    const tasks = page.map((r) => taskView(this.engine.task(r.state.id) ?? r.state, r.externalId));
    const last = page[page.length - 1];
    return { tasks, nextBefore: rows.length > filter.limit && last ? last.state.id : null };
  }

  async cancelTask(id: string, reason: string, meta: CallMeta): Promise<HubResult<HubTask>> {
    return guard(() => this.cancel(id, reason, meta));
  }

  private cancel(id: string, reason: string, meta: CallMeta): HubTask {
    const row = this.store.taskRow(id);
    if (!row) fail(problems.notFound(`Task ${id}`));
    const now = Date.now();
    if (this.engine.task(id)) {
      this.commit(this.engine.cancel(id, reason, now), meta.correlationId, now);
      this.requestTick(now);
    } else if (row.state.status !== "cancelled") {
      fail(problems.conflict(`Task ${id} is already ${row.state.status} and cannot be cancelled.`));
    }
    return this.task(id);
  }

  // --- results from the execution queue --------------------------------------------------------

  /**
   * Idempotent per (taskId, attempt): redelivered messages and duplicate reports change nothing.
   * Each report stands alone: one the engine refuses (malformed) is returned in `refused` for the
   * queue to retry (and finally dead-letter), without holding back the others.
   */
  async recordResults(
    results: ResultReport[],
  ): Promise<{ accepted: number; ignored: number; refused: { taskId: string; attempt: number }[] }> {
    const now = Date.now();
    const events: DomainEvent[] = [];
    const refused: { taskId: string; attempt: number }[] = [];
    let accepted = 0;
    for (const r of results) {
      try {
        // The engine validates a report before it changes anything, so a refusal leaves no trace.
        const out = this.engine.recordResult(r, now);
        if (out.accepted) accepted += 1;
        events.push(...out.events);
      } catch (err) {
        log("error", "result refused", {
          tenantId: this.tenantId,
          taskId: r.taskId,
          error: errorMessage(err),
        });
        refused.push({ taskId: r.taskId, attempt: r.attempt });
      }
    }
    this.commit(events, "execution", now);
    if (accepted) this.requestTick(now);
    return { accepted, ignored: results.length - accepted - refused.length, refused };
  }

  /** A message that exhausted its retries: the task fails with a reason instead of vanishing. */
  async abandonTask(taskId: string, attempt: number, reason: string): Promise<{ accepted: boolean }> {
    const now = Date.now();
    const out = this.engine.abandon(taskId, attempt, reason, now);
    this.commit(out.events, "dead-letter", now);
    if (out.accepted) this.requestTick(now);
    return { accepted: out.accepted };
  }

  // --- governance ------------------------------------------------------------------------------

  async getState() {
    const circuit = this.engine.circuit;
    return {
      config: this.engine.config,
      threshold: this.engine.threshold,
      circuit: { state: circuit.state, reopenAt: circuit.reopenAt, cooldownMs: circuit.cooldownMs },
      cycle: this.engine.currentCycle(),
      agents: this.engine.agents().map((a) => ({ id: a.id, name: a.name, trust: a.trust, status: a.status })),
      tasks: this.store.taskCounts() as Record<
        "queued" | "assigned" | "succeeded" | "failed" | "cancelled",
        number
      >,
      lastSeq: this.store.latestSeq,
    };
  }

  async getConfig(): Promise<GovernanceConfig> {
    return this.engine.config;
  }

  async patchConfig(patch: Record<string, unknown>, meta: CallMeta): Promise<HubResult<GovernanceConfig>> {
    return guard(() => this.changeConfig(patch, meta));
  }

  private changeConfig(patch: Record<string, unknown>, meta: CallMeta): GovernanceConfig {
    let next: GovernanceConfig;
    try {
      next = mergeConfig(this.engine.config, patch);
    } catch (err) {
      if (err instanceof ZodError)
        fail(problems.validation(err.issues.map((i) => ({ field: fieldPath(i.path), message: i.message }))));
      throw err;
    }
    const now = Date.now();
    this.commit(this.engine.setConfig(next, now), meta.correlationId, now);
    this.requestTick(now);
    return this.engine.config;
  }

  /** Runs a tick now and closes the current cycle if it has results; history is flushed before returning. */
  async trigger(meta: CallMeta): Promise<{ cycleId: string | null; assigned: number }> {
    const now = Date.now();
    const assigned = await this.runTick(now, meta.correlationId);
    const events = this.engine.closeCycle(now);
    this.commit(events, meta.correlationId, now);
    await this.flushHistory();
    this.scheduleNext(Date.now());
    const closed = events.find((e) => e.type === "cycle.completed");
    return { cycleId: closed?.cycleId ?? null, assigned };
  }

  async listEvents(after: number, limit: number): Promise<{ events: EventEnvelope[]; nextAfter: number }> {
    const events = this.store.eventsAfter(after, limit);
    const last = events[events.length - 1];
    return { events, nextAfter: last ? last.seq : after };
  }

  /** Pushes all pending history to D1 now (used before reading history that must be complete). */
  async flushHistory(): Promise<void> {
    if (this.flushing || !this.tenantId) return;
    this.flushing = true;
    const tenantId = this.tenantId;
    try {
      for (;;) {
        const flushed = Number(this.store.getMeta("flushed_seq") ?? "0");
        const events = this.store.eventsAfter(flushed, FLUSH_BATCH_EVENTS);
        const last = events[events.length - 1];
        if (!last) break;
        const rows = historyRows(tenantId, events, (id) => this.store.taskRow(id));
        await writeHistory(this.env.DB, rows);
        this.store.setMeta("flushed_seq", String(last.seq));
      }
    } catch (err) {
      // The outbox keeps the events; the next alarm retries.
      log("error", "history flush failed", { tenantId, error: errorMessage(err) });
    } finally {
      this.flushing = false;
    }
  }

  // --- alarm: ticks, timeouts, dispatch, flush -------------------------------------------------

  override async alarm(): Promise<void> {
    this.alarmAt = null;
    const now = Date.now();
    this.commit(this.engine.advance(now), "alarm", now);
    if (this.tickDue || this.engine.openCounts().queued > 0) await this.runTick(now, "tick");
    if (this.store.latestSeq > Number(this.store.getMeta("flushed_seq") ?? "0")) await this.flushHistory();
    this.store.pruneEvents(
      KEEP_EVENTS,
      KEEP_EVENTS_MS,
      Number(this.store.getMeta("flushed_seq") ?? "0"),
      now,
    );
    this.store.pruneIdempotency(IDEMPOTENCY_TTL_MS, now);
    this.scheduleNext(Date.now());
  }

  private async runTick(now: number, correlationId: string): Promise<number> {
    this.tickDue = false;
    // Hold reasons are not persisted on every tick: they are derived, live in the engine (which
    // the task views read), and are recomputed by the first tick after a restart.
    const { assignments, events } = this.engine.tick(now);
    this.commit(events, correlationId, now);
    if (assignments.length) await this.dispatch(assignments, now);
    return assignments.length;
  }

  /** Sends assignments to the execution queue; a chunk that cannot be sent goes back to the queue. */
  private async dispatch(assignments: Assignment[], now: number): Promise<void> {
    const tenantId = this.tenantId ?? "";
    let chunk: { assignment: Assignment; body: ExecutionMessage }[] = [];
    let bytes = 0;
    const send = async () => {
      if (!chunk.length) return;
      const current = chunk;
      chunk = [];
      bytes = 0;
      try {
        await this.env.EXECUTION_QUEUE.sendBatch(current.map((c) => ({ body: c.body, contentType: "json" })));
      } catch (err) {
        log("error", "dispatch failed; releasing assignments", { tenantId, error: errorMessage(err) });
        const released = current.flatMap((c) =>
          this.engine.release(c.assignment.taskId, c.assignment.attempt, now),
        );
        this.commit(released, "dispatch", now);
        this.tickDue = true;
        this.scheduleAt(Date.now() + RETRY_DISPATCH_MS);
      }
    };
    for (const a of assignments) {
      const body = this.message(tenantId, a);
      if (!body) continue;
      const size = JSON.stringify(body).length + 100;
      if (chunk.length >= SEND_MAX_MESSAGES || bytes + size > SEND_MAX_BYTES) await send();
      chunk.push({ assignment: a, body });
      bytes += size;
    }
    await send();
  }

  private message(tenantId: string, a: Assignment): ExecutionMessage | null {
    const record = this.records.get(a.agentId);
    const agent = this.engine.agent(a.agentId);
    const task = this.store.taskRow(a.taskId);
    if (!record || !agent || !task) return null;
    return {
      tenantId,
      taskId: a.taskId,
      attempt: a.attempt,
      agentId: a.agentId,
      agentTaskNumber: a.agentTaskNumber,
      agent: {
        kind: record.spec.kind,
        endpoint: record.spec.endpoint,
        timeoutMs: agent.timeoutMs,
        simulation: record.spec.simulation,
      },
      task: {
        impact: task.state.impact,
        urgency: task.state.urgency,
        risk: task.state.risk,
        capabilities: task.state.capabilities,
        externalId: task.externalId,
        ...(task.payload !== undefined ? { payload: task.payload } : {}),
      },
    };
  }

  // --- persistence and scheduling --------------------------------------------------------------

  /** Persists what the engine changed and appends the events to the log. */
  private commit(
    events: DomainEvent[],
    correlationId: string,
    now: number,
    touchedTasks: string[] = [],
  ): void {
    for (const agent of this.engine.agents()) this.store.saveAgent(agent);
    const taskIds = new Set(touchedTasks);
    for (const e of events) if (e.taskId) taskIds.add(e.taskId);
    for (const id of taskIds) {
      const task = this.engine.task(id);
      if (task) this.store.saveTask(task);
    }
    this.store.saveCore(this.engine.coreSnapshot());
    if (events.length) {
      this.store.appendEvents(events, this.tenantId ?? "", correlationId, now);
      this.scheduleAt(now + FLUSH_DELAY_MS);
    }
    this.engine.pruneTerminal();
  }

  private requestTick(now: number): void {
    this.tickDue = true;
    this.scheduleAt(now + TICK_DELAY_MS);
  }

  private scheduleNext(now: number): void {
    const wake = this.engine.nextWakeAt();
    if (this.tickDue) this.scheduleAt(now + TICK_DELAY_MS);
    if (wake !== null) this.scheduleAt(Math.max(wake, now + 1));
    if (this.store.latestSeq > Number(this.store.getMeta("flushed_seq") ?? "0"))
      this.scheduleAt(now + FLUSH_DELAY_MS);
  }

  /** Sets the alarm to `at` unless one is already due sooner (alarms coalesce). */
  private scheduleAt(at: number): void {
    if (this.alarmAt !== null && this.alarmAt <= at) return;
    this.alarmAt = at;
    void this.ctx.storage.setAlarm(at);
  }
}
