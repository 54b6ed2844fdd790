import { DurableObject } from "cloudflare:workers";
import { ZodError } from "zod";
import type { EventEnvelope } from "../shared/events";
import { type GovernanceConfig, mergeConfig, type ResultInput } from "../shared/governance";
import { fieldPath, type HubResult, problems } from "../shared/problems";
import type { AgentCreate, AgentPatch, AgentView } from "../shared/schemas/agents";
import type { HubTask, TaskInput } from "../shared/schemas/tasks";
import type { Env } from "../worker/env";
import {
  changeAgent,
  controlAgent,
  listAgents,
  registerAgent,
  removeAgent,
  viewAgent,
} from "./agent-commands";
import { fail, guard } from "./hub-result";
import { HubRuntime } from "./hub-runtime";
import {
  abandonTask,
  acceptTasks,
  cancelTask,
  type Idempotency,
  listTasks,
  type RecordOutcome,
  recordResults,
  viewTask,
} from "./task-commands";

export interface CallMeta {
  correlationId: string;
}

/** One execution outcome as the queue consumer reports it (the engine's result input). */
export type ResultReport = ResultInput;

/**
 * One per tenant. Owns the tenant's live governance state (the pure engine), persists it in the
 * object's SQLite, keeps the event log, dispatches assignments to the execution queue and flushes
 * history to D1. Reached only through `idFromName(tenantId)` with a tenant the Worker authenticated.
 *
 * This class is the RPC surface. Methods that can be refused (not found, conflict, invalid) return
 * a HubResult instead of throwing, so expected refusals are never runtime errors.
 */
export class TenantHub extends DurableObject<Env> {
  private rt!: HubRuntime;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      this.rt = new HubRuntime(ctx, env);
      await this.rt.loadAlarm();
    });
  }

  async init(tenantId: string): Promise<void> {
    this.rt.init(tenantId);
  }

  async ping(): Promise<{ ok: true; seq: number }> {
    return { ok: true, seq: this.rt.store.latestSeq };
  }

  // --- agents ----------------------------------------------------------------------------------

  async listAgents(): Promise<AgentView[]> {
    return listAgents(this.rt);
  }

  async getAgent(id: string): Promise<HubResult<AgentView>> {
    return guard(() => viewAgent(this.rt, id));
  }

  async createAgent(input: AgentCreate, meta: CallMeta): Promise<HubResult<AgentView>> {
    return guard(() => registerAgent(this.rt, input, meta.correlationId));
  }

  async updateAgent(id: string, patch: AgentPatch, meta: CallMeta): Promise<HubResult<AgentView>> {
    return guard(() => changeAgent(this.rt, id, patch, meta.correlationId));
  }

  async deleteAgent(id: string, meta: CallMeta): Promise<HubResult<null>> {
    return guard(() => removeAgent(this.rt, id, meta.correlationId));
  }

  async overrideTrust(
    id: string,
    trust: number,
    reason: string,
    meta: CallMeta,
  ): Promise<HubResult<AgentView>> {
    return guard(() =>
      controlAgent(this.rt, id, meta.correlationId, (now) =>
        this.rt.engine.overrideTrust(id, trust, reason, now),
      ),
    );
  }

  async suppressAgent(id: string, reason: string, meta: CallMeta): Promise<HubResult<AgentView>> {
    return guard(() =>
      controlAgent(this.rt, id, meta.correlationId, (now) => this.rt.engine.suppress(id, reason, now)),
    );
  }

  async reinstateAgent(id: string, reason: string, meta: CallMeta): Promise<HubResult<AgentView>> {
    return guard(() =>
      controlAgent(this.rt, id, meta.correlationId, (now) => this.rt.engine.reinstate(id, reason, now)),
    );
  }

  // --- tasks -----------------------------------------------------------------------------------

  async submitTasks(
    tasks: TaskInput[],
    idempotency: Idempotency | null,
    meta: CallMeta,
  ): Promise<HubResult<{ taskIds: string[]; replayed: boolean }>> {
    return guard(() => acceptTasks(this.rt, tasks, idempotency, meta.correlationId));
  }

  async getTask(id: string): Promise<HubResult<HubTask>> {
    return guard(() => viewTask(this.rt, id));
  }

  async listTasks(filter: {
    status?: string;
    agentId?: string;
    before?: string;
    limit: number;
  }): Promise<{ tasks: HubTask[]; nextBefore: string | null }> {
    return listTasks(this.rt, filter);
  }

  async cancelTask(id: string, reason: string, meta: CallMeta): Promise<HubResult<HubTask>> {
    return guard(() => cancelTask(this.rt, id, reason, meta.correlationId));
  }

  /** From the execution queue's consumer: one call per tenant per batch. */
  async recordResults(results: ResultReport[]): Promise<RecordOutcome> {
    return recordResults(this.rt, results);
  }

  /** From the dead-letter queue's consumer. */
  async abandonTask(taskId: string, attempt: number, reason: string): Promise<{ accepted: boolean }> {
    return abandonTask(this.rt, taskId, attempt, reason);
  }

  // --- governance ------------------------------------------------------------------------------

  async getState() {
    const { engine, store } = this.rt;
    const circuit = engine.circuit;
    return {
      config: engine.config,
      threshold: engine.threshold,
      circuit: { state: circuit.state, reopenAt: circuit.reopenAt, cooldownMs: circuit.cooldownMs },
      cycle: engine.currentCycle(),
      agents: engine.agents().map((a) => ({ id: a.id, name: a.name, trust: a.trust, status: a.status })),
      tasks: store.taskCounts(),
      lastSeq: store.latestSeq,
    };
  }

  async getConfig(): Promise<GovernanceConfig> {
    return this.rt.engine.config;
  }

  /** The patch is validated as a whole against the current config (γ > η, ordered thresholds…). */
  async patchConfig(patch: Record<string, unknown>, meta: CallMeta): Promise<HubResult<GovernanceConfig>> {
    return guard(() => {
      let next: GovernanceConfig;
      try {
        next = mergeConfig(this.rt.engine.config, patch);
      } catch (err) {
        if (err instanceof ZodError)
          fail(
            problems.validation(err.issues.map((i) => ({ field: fieldPath(i.path), message: i.message }))),
          );
        throw err;
      }
      const now = Date.now();
      this.rt.commit(this.rt.engine.setConfig(next, now), meta.correlationId, now);
      this.rt.requestTick(now);
      return this.rt.engine.config;
    });
  }

  /** Runs a tick now and closes the current cycle if it has results; history is flushed before returning. */
  async trigger(meta: CallMeta): Promise<{ cycleId: string | null; assigned: number }> {
    const now = Date.now();
    const assigned = await this.rt.runTick(now, meta.correlationId);
    const events = this.rt.engine.closeCycle(now);
    this.rt.commit(events, meta.correlationId, now);
    await this.rt.flushHistory();
    this.rt.scheduleNext(Date.now());
    const closed = events.find((e) => e.type === "cycle.completed");
    return { cycleId: closed?.cycleId ?? null, assigned };
  }

  async listEvents(after: number, limit: number): Promise<{ events: EventEnvelope[]; nextAfter: number }> {
    const events = this.rt.store.eventsAfter(after, limit);
    const last = events[events.length - 1];
    return { events, nextAfter: last ? last.seq : after };
  }

  async flushHistory(): Promise<void> {
    await this.rt.flushHistory();
  }

  // --- alarm: ticks, timeouts, dispatch, flush -------------------------------------------------

  override async alarm(): Promise<void> {
    await this.rt.onAlarm();
  }
}
