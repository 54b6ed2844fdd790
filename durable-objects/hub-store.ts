import type { EventFilter } from "../shared/event-filter";
import type { EventEnvelope } from "../shared/events";
import type {
  AgentState,
  DomainEvent,
  EngineCoreSnapshot,
  EngineSnapshot,
  TaskState,
} from "../shared/governance";
import { newId } from "../shared/ids";
import type { AgentKind, LlmConfig, Simulation } from "../shared/schemas/agents";
import type { StoredSecret } from "./signing-secrets";

/** How an agent is executed; governance state lives in the engine, this is the rest. */
export interface AgentSpec {
  kind: AgentKind;
  endpoint: string | null;
  simulation: Simulation | null;
  /** llm agents: how to call the model. Absent in specs written before llm agents existed. */
  llm?: LlmConfig | null;
  /** llm agents: the provider key, sealed by the Worker. */
  apiKeySealed?: string | null;
  /** http agents: the secrets Warden signs requests with, sealed by the Worker, newest first. */
  signingSecrets?: StoredSecret[];
  secretRotatedAt?: number | null;
}

export interface AgentRecord {
  spec: AgentSpec;
  createdAt: number;
}

export interface StoredTask {
  state: TaskState;
  externalId: string | null;
  payload: unknown;
}

/**
 * Row-level persistence for the hub's SQLite. Everything here is synchronous (`ctx.storage.sql`),
 * so each RPC method's writes commit together through the Durable Object's output gate.
 */
export class HubStore {
  private lastSeq: number;
  /** Last JSON written per agent/task, so unchanged rows are not rewritten. */
  private readonly written = new Map<string, string>();

  constructor(private readonly sql: SqlStorage) {
    this.lastSeq = sql.exec<{ seq: number | null }>(`SELECT MAX(seq) AS seq FROM events`).one().seq ?? 0;
  }

  getMeta(key: string): string | null {
    return (
      this.sql.exec<{ value: string }>(`SELECT value FROM meta WHERE key = ?`, key).toArray()[0]?.value ??
      null
    );
  }

  setMeta(key: string, value: string): void {
    this.sql.exec(`INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)`, key, value);
  }

  // --- engine snapshot -------------------------------------------------------------------------

  loadSnapshot(): EngineSnapshot | null {
    const core = this.getMeta("engine");
    if (!core) return null;
    const agents = this.sql
      .exec<{ state: string }>(`SELECT state FROM agents ORDER BY id`)
      .toArray()
      .map((r) => JSON.parse(r.state) as AgentState);
    const tasks = this.sql
      .exec<{ state: string }>(`SELECT state FROM tasks WHERE status IN ('queued', 'assigned') ORDER BY id`)
      .toArray()
      .map((r) => JSON.parse(r.state) as TaskState);
    return { ...(JSON.parse(core) as EngineCoreSnapshot), agents, tasks };
  }

  /** Engine state other than agents and tasks (which are rows), as one meta row. */
  saveCore(core: EngineCoreSnapshot): void {
    const json = JSON.stringify(core);
    if (this.written.get("engine") === json) return;
    this.setMeta("engine", json);
    this.written.set("engine", json);
  }

  // --- agents ----------------------------------------------------------------------------------

  agentRecords(): Map<string, AgentRecord> {
    const out = new Map<string, AgentRecord>();
    for (const r of this.sql.exec<{ id: string; spec: string; created_at: number }>(
      `SELECT id, spec, created_at FROM agents`,
    )) {
      out.set(r.id, { spec: JSON.parse(r.spec) as AgentSpec, createdAt: r.created_at });
    }
    return out;
  }

  insertAgent(state: AgentState, spec: AgentSpec, now: number): void {
    const json = JSON.stringify(state);
    this.sql.exec(
      `INSERT INTO agents (id, spec, state, created_at) VALUES (?, ?, ?, ?)`,
      state.id,
      JSON.stringify(spec),
      json,
      now,
    );
    this.written.set(state.id, json);
  }

  updateAgentSpec(id: string, spec: AgentSpec): void {
    this.sql.exec(`UPDATE agents SET spec = ? WHERE id = ?`, JSON.stringify(spec), id);
  }

  deleteAgent(id: string): void {
    this.sql.exec(`DELETE FROM agents WHERE id = ?`, id);
    this.written.delete(id);
  }

  saveAgent(state: AgentState): void {
    const json = JSON.stringify(state);
    if (this.written.get(state.id) === json) return;
    this.sql.exec(`UPDATE agents SET state = ? WHERE id = ?`, json, state.id);
    this.written.set(state.id, json);
  }

  // --- tasks -----------------------------------------------------------------------------------

  insertTask(state: TaskState, externalId: string | null, payload: unknown): void {
    const json = JSON.stringify(state);
    this.sql.exec(
      `INSERT INTO tasks (id, status, external_id, created_at, state, payload) VALUES (?, ?, ?, ?, ?, ?)`,
      state.id,
      state.status,
      externalId,
      state.createdAt,
      json,
      payload === undefined ? null : JSON.stringify(payload),
    );
    this.written.set(state.id, json);
  }

  saveTask(state: TaskState): void {
    const json = JSON.stringify(state);
    if (this.written.get(state.id) === json) return;
    this.sql.exec(`UPDATE tasks SET status = ?, state = ? WHERE id = ?`, state.status, json, state.id);
    const last = state.attempts[state.attempts.length - 1];
    if (last)
      this.sql.exec(
        `INSERT OR IGNORE INTO task_agents (agent_id, task_id) VALUES (?, ?)`,
        last.agentId,
        state.id,
      );
    if (state.status === "queued" || state.status === "assigned") this.written.set(state.id, json);
    else this.written.delete(state.id);
  }

  taskRow(id: string): StoredTask | null {
    const row = this.sql
      .exec<{ state: string; external_id: string | null; payload: string | null }>(
        `SELECT state, external_id, payload FROM tasks WHERE id = ?`,
        id,
      )
      .toArray()[0];
    if (!row) return null;
    return {
      state: JSON.parse(row.state) as TaskState,
      externalId: row.external_id,
      payload: row.payload === null ? undefined : (JSON.parse(row.payload) as unknown),
    };
  }

  taskCounts(): Record<"queued" | "assigned" | "succeeded" | "failed" | "cancelled", number> {
    const counts = { queued: 0, assigned: 0, succeeded: 0, failed: 0, cancelled: 0 };
    for (const r of this.sql.exec<{ status: string; n: number }>(
      `SELECT status, COUNT(*) AS n FROM tasks GROUP BY status`,
    )) {
      if (r.status in counts) counts[r.status as keyof typeof counts] = r.n;
    }
    return counts;
  }

  /** Newest first, keyset-paginated by id (ids are time-sortable). */
  listTasks(filter: { status?: string; agentId?: string; before?: string; limit: number }) {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (filter.status) {
      where.push("t.status = ?");
      args.push(filter.status);
    }
    if (filter.agentId) {
      where.push("t.id IN (SELECT task_id FROM task_agents WHERE agent_id = ?)");
      args.push(filter.agentId);
    }
    if (filter.before) {
      where.push("t.id < ?");
      args.push(filter.before);
    }
    const clause = where.length ? `WHERE ${where.join(" AND ")}` : "";
    return this.sql
      .exec<{ state: string; external_id: string | null }>(
        `SELECT t.state, t.external_id FROM tasks t ${clause} ORDER BY t.id DESC LIMIT ?`,
        ...args,
        filter.limit + 1,
      )
      .toArray()
      .map((r) => ({ state: JSON.parse(r.state) as TaskState, externalId: r.external_id }));
  }

  /**
   * Finished tasks whose `finishedAt` is before `before`, oldest first. `idBelow` bounds the scan
   * through the (status, id) index: ids sort by creation time, and a task finished before a time
   * was created before it.
   */
  finishedTasksBefore(before: number, idBelow: string, limit: number): TaskState[] {
    const out: TaskState[] = [];
    for (const status of ["succeeded", "failed", "cancelled"]) {
      if (out.length >= limit) break;
      for (const r of this.sql.exec<{ state: string }>(
        `SELECT state FROM tasks WHERE status = ? AND id < ? AND json_extract(state, '$.finishedAt') < ?
         ORDER BY id LIMIT ?`,
        status,
        idBelow,
        before,
        limit - out.length,
      ))
        out.push(JSON.parse(r.state) as TaskState);
    }
    return out;
  }

  /** Drops finished tasks with their agent links and their per-task LLM usage (agent and month totals stay). */
  forgetTasks(tasks: TaskState[]): void {
    for (const task of tasks) {
      this.sql.exec(
        `DELETE FROM tasks WHERE id = ? AND status IN ('succeeded', 'failed', 'cancelled')`,
        task.id,
      );
      for (const agentId of new Set(task.attempts.map((a) => a.agentId)))
        this.sql.exec(`DELETE FROM task_agents WHERE agent_id = ? AND task_id = ?`, agentId, task.id);
      this.sql.exec(`DELETE FROM llm_usage WHERE scope = 'task' AND id = ?`, task.id);
      this.written.delete(task.id);
    }
  }

  // --- idempotency -----------------------------------------------------------------------------

  idempotentBatch(key: string): { bodyHash: string; taskIds: string[] } | null {
    const row = this.sql
      .exec<{ body_hash: string; task_ids: string }>(
        `SELECT body_hash, task_ids FROM idempotency WHERE key = ?`,
        key,
      )
      .toArray()[0];
    return row ? { bodyHash: row.body_hash, taskIds: JSON.parse(row.task_ids) as string[] } : null;
  }

  rememberBatch(key: string, bodyHash: string, taskIds: string[], now: number): void {
    this.sql.exec(
      `INSERT INTO idempotency (key, body_hash, task_ids, created_at) VALUES (?, ?, ?, ?)`,
      key,
      bodyHash,
      JSON.stringify(taskIds),
      now,
    );
  }

  // --- events ----------------------------------------------------------------------------------

  appendEvents(events: DomainEvent[], tenantId: string, correlationId: string, now: number): EventEnvelope[] {
    const time = new Date(now).toISOString();
    const out: EventEnvelope[] = [];
    for (const e of events) {
      this.lastSeq += 1;
      const envelope: EventEnvelope = {
        id: newId("evt", now),
        seq: this.lastSeq,
        type: e.type,
        version: 1,
        tenantId,
        time,
        correlationId,
        ...(e.agentId ? { agentId: e.agentId } : {}),
        ...(e.taskId ? { taskId: e.taskId } : {}),
        ...(e.cycleId ? { cycleId: e.cycleId } : {}),
        data: e.data,
      };
      this.sql.exec(
        `INSERT INTO events (seq, type, time, body) VALUES (?, ?, ?, ?)`,
        envelope.seq,
        e.type,
        now,
        JSON.stringify(envelope),
      );
      out.push(envelope);
    }
    return out;
  }

  get latestSeq(): number {
    return this.lastSeq;
  }

  /**
   * Filtered in SQL so `limit` counts matching events and the skipped ones are never parsed.
   * Event types hold no GLOB metacharacters, so one GLOB per entry serves `agent.*` and exact types alike.
   */
  eventsAfter(after: number, limit: number, filter: EventFilter = null): EventEnvelope[] {
    const types = filter?.length ? ` AND (${filter.map(() => "type GLOB ?").join(" OR ")})` : "";
    return this.sql
      .exec<{ body: string }>(
        `SELECT body FROM events WHERE seq > ?${types} ORDER BY seq LIMIT ?`,
        after,
        ...(filter ?? []),
        limit,
      )
      .toArray()
      .map((r) => JSON.parse(r.body) as EventEnvelope);
  }

  /** When the first event after `seq` was appended (ms), or null when there is none. */
  eventTimeAfter(seq: number): number | null {
    return (
      this.sql
        .exec<{ time: number }>(`SELECT time FROM events WHERE seq > ? ORDER BY seq LIMIT 1`, seq)
        .toArray()[0]?.time ?? null
    );
  }

  oldestSeq(): number {
    return this.sql.exec<{ seq: number | null }>(`SELECT MIN(seq) AS seq FROM events`).one().seq ?? 0;
  }

  /**
   * Keeps at least `keep` events and everything younger than `maxAgeMs` (ARCHITECTURE §4), and
   * never drops an event that has not reached D1 yet.
   */
  pruneEvents(keep: number, maxAgeMs: number, flushedSeq: number, now: number): void {
    const bound = Math.min(this.lastSeq - keep, flushedSeq);
    if (bound <= 0) return;
    this.sql.exec(`DELETE FROM events WHERE seq <= ? AND time < ?`, bound, now - maxAgeMs);
  }

  pruneIdempotency(maxAgeMs: number, now: number): void {
    this.sql.exec(`DELETE FROM idempotency WHERE created_at < ?`, now - maxAgeMs);
  }
}
