import { DurableObject } from "cloudflare:workers";
import type { AuditInput } from "../shared/audit-chain";
import type { MetricsSnapshot } from "../shared/metrics/catalog";
import type { TallyData } from "../shared/metrics/tally";
import type { HubResult } from "../shared/problems";
import type { LlmUsage } from "../shared/schemas/agents";
import type { Env } from "../worker/env";
import type { AuditAnchor } from "./audit-log";
import { scrapeHub } from "./hub-metrics";
import { guard } from "./hub-result";
import {
  type AuditPruneMark,
  advanceAuditPruneMark,
  auditPruneMark,
  type HubPruneReport,
  pruneHub,
} from "./hub-retention";
import { HubRuntime } from "./hub-runtime";
import type { TaskUsage } from "./hub-usage";
import { SocketFanout } from "./socket-fanout";

/**
 * What every hub is, whatever the tenant asks of it: its runtime and live sockets, the alarm, the
 * audit chain, and the platform's operations on it (usage, suspension, deletion, retention,
 * metrics). `TenantHub` adds the tenant's own API on top. Methods are RPC on the Durable Object.
 */
export abstract class HubCore extends DurableObject<Env> {
  protected rt!: HubRuntime;
  protected live!: SocketFanout;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      this.rt = new HubRuntime(ctx, env);
      this.live = new SocketFanout(ctx, this.rt);
      await this.rt.loadAlarm();
    });
  }

  async init(tenantId: string): Promise<void> {
    this.rt.init(tenantId);
  }

  async ping(): Promise<{ ok: true; seq: number }> {
    return { ok: true, seq: this.rt.store.latestSeq };
  }

  // --- live sockets (GET /ws): upgrades cannot travel over RPC, so they come through fetch -----

  override async fetch(request: Request): Promise<Response> {
    return this.live.accept(request);
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    this.live.onMessage(ws, message);
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    this.live.onClose(ws, code);
  }

  // --- audit -----------------------------------------------------------------------------------

  /**
   * Appends a row to the tenant's audit chain (for changes made outside the hub: logins, keys,
   * users…). Returns once the row is in D1, unless D1 failed: then the alarm retries.
   */
  async appendAudit(input: AuditInput): Promise<{ id: string; seq: number }> {
    const appended = this.rt.appendAudit(input, Date.now());
    await this.rt.flushAudit();
    return appended;
  }

  /** The hub's view of the chain, against which `/audit/verify` checks D1; the kept chain starts after `prunedSeq`. */
  async auditAnchor(): Promise<AuditAnchor & AuditPruneMark> {
    return { ...this.rt.audit.anchor(), ...auditPruneMark(this.rt.store) };
  }

  /** Runs a command that writes its own audit row, then copies that row to D1 before answering. */
  protected async audited<T>(work: () => T): Promise<HubResult<T>> {
    const result = await guard(work);
    await this.rt.flushAudit();
    return result;
  }

  // --- tenant lifecycle ------------------------------------------------------------------------

  /** This month's task counts, exact and live, and the agents registered now. */
  async usage(month: string): Promise<TaskUsage & { agents: number; llm: LlmUsage }> {
    return {
      ...this.rt.usage.read(month),
      agents: this.rt.engine.agents().length,
      llm: this.rt.llmUsage.month(month),
    };
  }

  /** While suspended the hub assigns nothing and no live socket stays open; reads, results and audit still work. */
  async setSuspended(suspended: boolean): Promise<void> {
    this.rt.setSuspended(suspended, Date.now());
    if (suspended) this.live.closeAll("This tenant is suspended.", undefined, 1008);
  }

  /** A key was revoked or a user removed: their open sockets end now, not at their next reconnect. */
  async closeSocketsOf(principalId: string): Promise<number> {
    return this.live.closeAll("Access was revoked.", principalId, 1008);
  }

  /**
   * The tenant is being deleted: drop the alarm and every stored row. A fresh runtime replaces the
   * old one so nothing held in memory is written back; it has no tenant, so it never writes to D1.
   */
  async destroy(): Promise<void> {
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.live.closeAll();
    this.rt = new HubRuntime(this.ctx, this.env);
    this.live = new SocketFanout(this.ctx, this.rt);
    await this.rt.loadAlarm();
  }

  // --- retention -------------------------------------------------------------------------------

  /**
   * Forgets finished tasks whose history is in D1 and that finished an hour before `now` (the
   * retention run's clock), and applies the replay window an idle hub's alarm would. Call again
   * while `more`. A hub without a tenant (never set up, or deleted) has nothing to forget.
   */
  async pruneRetention(now: number): Promise<HubPruneReport> {
    if (!this.rt.tenantId) return { tasks: 0, more: false };
    return pruneHub(this.rt, now);
  }

  /** Records that audit rows up to `seq` (whose hash is `hash`) are about to be deleted from D1. */
  async advanceAuditPruneMark(seq: number, hash: string): Promise<AuditPruneMark> {
    return advanceAuditPruneMark(this.rt, seq, hash);
  }

  // --- metrics (decision 018) -----------------------------------------------------------------

  /** Counts the Worker measured for this tenant: API requests, queue messages, webhook deliveries. */
  async recordMetrics(data: TallyData): Promise<void> {
    this.rt.metrics.add(data);
  }

  /** A scrape; `flush` is the scraping isolate's own unsent counts, added first so they show. */
  async scrapeMetrics(flush: TallyData | null, perAgent: boolean): Promise<MetricsSnapshot> {
    if (flush) this.rt.metrics.add(flush);
    return scrapeHub(this.rt, this.ctx.getWebSockets().length, perAgent);
  }

  // --- alarm: ticks, timeouts, dispatch, flush -------------------------------------------------

  override async alarm(): Promise<void> {
    await this.rt.onAlarm();
  }
}
