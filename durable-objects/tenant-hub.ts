import type { DemoSpeed } from "../shared/demo/config";
import type { EventFilter } from "../shared/event-filter";
import type { GovernanceConfig, ResultInput } from "../shared/governance";
import type { HubResult } from "../shared/problems";
import type { AgentView } from "../shared/schemas/agents";
import type { Alert, AlertRules, AlertState } from "../shared/schemas/alerts";
import type { DemoSettings, DemoState } from "../shared/schemas/demo";
import type { HubTask, TaskInput } from "../shared/schemas/tasks";
import type { WebhookCreate, WebhookPatch, WebhookView } from "../shared/schemas/webhooks";
import {
  type AgentCreateInput,
  type AgentPatchInput,
  changeAgent,
  controlAgent,
  listAgents,
  registerAgent,
  removeAgent,
  rotateAgentSecret,
  type SealedAgentSecrets,
  statusFacet,
  trustFacet,
  viewAgent,
} from "./agent-commands";
import type { AuditContextInput } from "./audit-log";
import { changeConfig, governanceState } from "./config-commands";
import { type EventPage, type EventWindow, eventPage, eventWindow } from "./event-pages";
import { HubCore } from "./hub-core";
import { guard } from "./hub-result";
import type { CostedCall } from "./llm-usage";

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
import {
  type AttemptReport,
  createWebhook,
  deleteWebhook,
  listWebhooks,
  reportWebhookAttempts,
  rotateWebhookSecret,
  testWebhook,
  updateWebhook,
  viewWebhook,
  type WebhookTarget,
  webhookTargets,
} from "./webhook-commands";

export interface CallMeta {
  correlationId: string;
  /** Who asked and from where; without it the command's audit row names the system as actor. */
  audit?: AuditContextInput;
  /** Why the system made the change (the demo story's step), kept on the command's audit row. */
  reason?: string;
}

/** One execution outcome as the queue consumer reports it: the engine's input, plus what an LLM call used. */
export type ResultReport = ResultInput & { usage?: CostedCall };

/**
 * One per tenant. Owns the tenant's live governance state (the pure engine), persists it in the
 * object's SQLite, keeps the event log, dispatches assignments to the execution queue and flushes
 * history to D1. Reached only through `idFromName(tenantId)` with a tenant the Worker authenticated.
 *
 * This class is the tenant's API over RPC (agents, tasks, governance, alerts, webhooks, the demo);
 * `HubCore` holds the runtime, the alarm, live sockets and the platform's operations. Methods that
 * can be refused (not found, conflict, invalid) return a HubResult instead of throwing, so expected
 * refusals are never runtime errors.
 */
export class TenantHub extends HubCore {
  // --- agents ----------------------------------------------------------------------------------

  async listAgents(): Promise<AgentView[]> {
    return listAgents(this.rt);
  }

  async getAgent(id: string): Promise<HubResult<AgentView>> {
    return guard(() => viewAgent(this.rt, id));
  }

  async createAgent(
    id: string,
    input: AgentCreateInput,
    sealed: SealedAgentSecrets,
    meta: CallMeta,
  ): Promise<HubResult<AgentView>> {
    return this.audited(() => registerAgent(this.rt, id, input, sealed, meta));
  }

  async updateAgent(
    id: string,
    patch: AgentPatchInput,
    sealed: SealedAgentSecrets,
    meta: CallMeta,
  ): Promise<HubResult<AgentView>> {
    return this.audited(() => changeAgent(this.rt, id, patch, sealed, meta));
  }

  async rotateAgentSecret(
    id: string,
    sealedSecret: string,
    graceMs: number,
    meta: CallMeta,
  ): Promise<HubResult<{ previousSecretExpiresAt: string }>> {
    return this.audited(() => rotateAgentSecret(this.rt, id, sealedSecret, graceMs, meta));
  }

  async deleteAgent(id: string, meta: CallMeta): Promise<HubResult<null>> {
    return this.audited(() => removeAgent(this.rt, id, meta));
  }

  async overrideTrust(
    id: string,
    trust: number,
    reason: string,
    meta: CallMeta,
  ): Promise<HubResult<AgentView>> {
    return this.audited(() =>
      controlAgent(this.rt, id, meta, {
        action: "agent.trust_override",
        reason,
        facet: trustFacet,
        act: (now) => this.rt.engine.overrideTrust(id, trust, reason, now),
      }),
    );
  }

  async suppressAgent(id: string, reason: string, meta: CallMeta): Promise<HubResult<AgentView>> {
    return this.audited(() =>
      controlAgent(this.rt, id, meta, {
        action: "agent.suppress",
        reason,
        facet: statusFacet,
        act: (now) => this.rt.engine.suppress(id, reason, now),
      }),
    );
  }

  async reinstateAgent(id: string, reason: string, meta: CallMeta): Promise<HubResult<AgentView>> {
    return this.audited(() =>
      controlAgent(this.rt, id, meta, {
        action: "agent.reinstate",
        reason,
        facet: statusFacet,
        act: (now) => this.rt.engine.reinstate(id, reason, now),
      }),
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
    return governanceState(this.rt);
  }

  async getConfig(): Promise<GovernanceConfig> {
    return this.rt.engine.config;
  }

  async patchConfig(patch: Record<string, unknown>, meta: CallMeta): Promise<HubResult<GovernanceConfig>> {
    return this.audited(() => changeConfig(this.rt, patch, meta));
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

  async listEvents(after: number, limit: number, filter: EventFilter = null): Promise<EventPage> {
    return eventPage(this.rt.store, after, limit, filter);
  }

  async eventWindow(after: number, limit: number): Promise<EventWindow> {
    return eventWindow(this.rt.store, after, limit);
  }

  async flushHistory(): Promise<void> {
    await this.rt.flushHistory();
  }

  // --- alerts (decision 019) ------------------------------------------------------------------

  async listAlerts(filter: {
    state?: AlertState;
    before?: string;
    limit: number;
  }): Promise<{ alerts: Alert[]; nextBefore: string | null }> {
    return this.rt.alerts.list(filter);
  }

  async getAlertRules(): Promise<AlertRules> {
    return this.rt.alerts.rules();
  }

  async patchAlertRules(patch: Record<string, unknown>, meta: CallMeta): Promise<HubResult<AlertRules>> {
    return this.audited(() => this.rt.alerts.changeRules(patch, meta));
  }

  // --- webhooks (decision 010) ----------------------------------------------------------------

  async listWebhooks(): Promise<WebhookView[]> {
    return listWebhooks(this.rt);
  }

  async getWebhook(id: string): Promise<HubResult<WebhookView>> {
    return guard(() => viewWebhook(this.rt, id));
  }

  /** The Worker draws the id and seals the secret (bound to the id), so plaintext never reaches the hub. */
  async createWebhook(
    id: string,
    input: WebhookCreate,
    sealedSecret: string,
  ): Promise<HubResult<WebhookView>> {
    return guard(() => createWebhook(this.rt, id, input, sealedSecret, Date.now()));
  }

  async updateWebhook(
    id: string,
    patch: WebhookPatch,
  ): Promise<HubResult<{ before: WebhookView; after: WebhookView }>> {
    // Enabling or deleting an endpoint appends no event, yet may resolve its webhookDisabled alert.
    return guard(() => this.rt.alerts.afterChange(updateWebhook(this.rt, id, patch, Date.now())));
  }

  async deleteWebhook(id: string): Promise<HubResult<WebhookView>> {
    return guard(() => this.rt.alerts.afterChange(deleteWebhook(this.rt, id)));
  }

  async rotateWebhookSecret(
    id: string,
    sealedSecret: string,
    graceMs: number,
  ): Promise<HubResult<{ previousSecretExpiresAt: string }>> {
    return guard(() => rotateWebhookSecret(this.rt, id, sealedSecret, graceMs, Date.now()));
  }

  async testWebhook(id: string, meta: CallMeta): Promise<HubResult<{ eventId: string; seq: number }>> {
    return guard(() => testWebhook(this.rt, id, meta.correlationId, Date.now()));
  }

  /** From the webhook consumer: where to send and the sealed secrets that sign. */
  async webhookTargets(ids: string[]): Promise<Record<string, WebhookTarget | null>> {
    return webhookTargets(this.rt, ids, Date.now());
  }

  /** From the webhook consumer: outcomes that drive auto-disabling. */
  async reportWebhookAttempts(reports: AttemptReport[]): Promise<{ disabled: string[] }> {
    return { disabled: reportWebhookAttempts(this.rt, reports, Date.now()) };
  }

  // --- the autoplay demo (decision 014) --------------------------------------------------------

  async configureDemo(settings: DemoSettings): Promise<HubResult<DemoState>> {
    return this.audited(() => this.rt.demo.configure(settings, Date.now()));
  }

  async resetDemo(speed: DemoSpeed | undefined): Promise<HubResult<DemoState>> {
    return this.audited(() => this.rt.demo.reset(speed, Date.now()));
  }

  async demoState(): Promise<HubResult<DemoState>> {
    return guard(() => this.rt.demo.state(Date.now()));
  }
}
