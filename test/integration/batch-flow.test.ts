import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { api, createAgent, createTenant, waitFor } from "../helpers/api";

/**
 * The whole loop on real parts: the Worker accepts a batch, the tenant's hub assigns by trust,
 * the execution queue runs simulated agents, results flow back, governance reacts, history lands
 * in D1. Timings are shortened through the tenant's own governance config, as any tenant can.
 *
 * Which tasks each agent gets depends on the order results arrive in, so a run can end with a
 * risky task that no agent is trusted enough for once the low-risk work is done (about 1 run in
 * 60 of this fleet). The queue timeout makes such a task fail with a reason instead of waiting
 * forever: "none lost" holds either way.
 */
interface EventEnvelope {
  seq: number;
  type: string;
  agentId?: string;
  taskId?: string;
  cycleId?: string;
  data: Record<string, unknown>;
}

let key: string;
let tenantId: string;
const agents: Record<string, string> = {};
let taskIds: string[] = [];

async function allEvents(): Promise<EventEnvelope[]> {
  const out: EventEnvelope[] = [];
  let after = 0;
  for (;;) {
    const res = await api<{ events: EventEnvelope[]; nextAfter: number }>(
      `/api/v1/events?after=${after}&limit=1000`,
      { key },
    );
    out.push(...res.body.events);
    if (res.body.events.length < 1000) return out;
    after = res.body.nextAfter;
  }
}

/** A deterministic mix of impact, urgency and risk (up to 0.7, so every task has a capable agent). */
function fiveHundredTasks() {
  return Array.from({ length: 500 }, (_, i) => ({
    impact: (i % 10) / 10,
    urgency: ((i * 7) % 10) / 10,
    risk: ((i * 3) % 8) / 10,
    capabilities: ["general"],
    externalId: `job-${i}`,
  }));
}

/** Always the same Idempotency-Key: the second submit in this file is a replay. */
function submitFlowBatch(tasks: unknown[]) {
  return api<{ taskIds: string[] }>("/api/v1/tasks/batch", {
    key,
    body: { tasks },
    headers: { "idempotency-key": "flow-500" },
  });
}

beforeAll(async () => {
  ({ key, tenantId } = await createTenant("Flow Inc"));
  const config = await api("/api/v1/governance/config", {
    key,
    method: "PATCH",
    body: {
      suppressionBaseMs: 100,
      suppressionMaxMs: 1000,
      circuitCooldownMs: 300,
      circuitMaxCooldownMs: 2000,
      queueTimeoutMs: 15_000,
    },
  });
  expect(config.status).toBe(200);
  const fleet = [
    { name: "excellent", simulation: { successRate: 0.98, latencyMs: 5, seed: 1 } },
    { name: "good-1", simulation: { successRate: 0.92, latencyMs: 8, seed: 2 } },
    { name: "good-2", simulation: { successRate: 0.9, latencyMs: 8, seed: 3 } },
    { name: "mediocre", simulation: { successRate: 0.7, latencyMs: 10, seed: 4 } },
    {
      name: "degrading",
      simulation: { successRate: 0.97, latencyMs: 5, degradeAfter: 40, degradedSuccessRate: 0.1, seed: 5 },
    },
    { name: "failing", simulation: { successRate: 0.05, latencyMs: 3, seed: 6 } },
  ];
  for (const a of fleet) agents[a.name] = await createAgent(key, { ...a, maxConcurrency: 6 });
});

describe("a batch of 500 tasks over six simulated agents", () => {
  it("accepts the batch in order, and every task ends terminal (none lost)", async () => {
    const res = await submitFlowBatch(fiveHundredTasks());
    expect(res.status).toBe(202);
    taskIds = res.body.taskIds;
    expect(taskIds).toHaveLength(500);
    expect(new Set(taskIds).size).toBe(500);

    const state = await waitFor(
      async () => {
        const s = await api<{ tasks: Record<string, number> }>("/api/v1/governance/state", { key });
        const t = s.body.tasks;
        return (t.succeeded ?? 0) + (t.failed ?? 0) + (t.cancelled ?? 0) === 500 ? s.body : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 250, what: "all 500 tasks to finish" },
    );
    expect(state.tasks.queued).toBe(0);
    expect(state.tasks.assigned).toBe(0);
    expect((state.tasks.succeeded ?? 0) + (state.tasks.failed ?? 0)).toBe(500);
    expect(state.tasks.succeeded).toBeGreaterThan(400);

    // The external ids came back on the right tasks: order was kept.
    const first = await api<{ externalId: string; attempts: unknown[] }>(`/api/v1/tasks/${taskIds[0]}`, {
      key,
    });
    expect(first.body.externalId).toBe("job-0");
    const last = await api<{ externalId: string }>(`/api/v1/tasks/${taskIds[499]}`, { key });
    expect(last.body.externalId).toBe("job-499");
  }, 150_000);

  it("suppressed, then finally excluded the failing agent", async () => {
    const events = await allEvents();
    const failing = agents.failing;
    const suppressions = events.filter((e) => e.type === "agent.suppressed" && e.agentId === failing);
    expect(suppressions.length).toBeGreaterThanOrEqual(2);
    expect(events.some((e) => e.type === "agent.excluded" && e.agentId === failing)).toBe(true);
    const agent = await api<{ status: string; trust: number }>(`/api/v1/agents/${failing}`, { key });
    expect(agent.body.status).toBe("excluded");
    // An excluded agent is never assigned again.
    const excludedAt = events.find((e) => e.type === "agent.excluded" && e.agentId === failing)?.seq ?? 0;
    expect(
      events.some((e) => e.type === "task.assigned" && e.seq > excludedAt && e.data.agentId === failing),
    ).toBe(false);
  });

  it("flagged drift on the degrading agent", async () => {
    const events = await allEvents();
    expect(events.some((e) => e.type === "drift.detected" && e.agentId === agents.degrading)).toBe(true);
  });

  it("closed cycles with a reflection and a bounded mutation", async () => {
    const events = await allEvents();
    const cycles = events.filter((e) => e.type === "cycle.completed");
    expect(cycles.length).toBeGreaterThanOrEqual(4);
    for (const c of cycles) {
      expect(c.data.constraintScore).toBe(1);
      expect(Array.isArray(c.data.notes) && (c.data.notes as string[]).length > 0).toBe(true);
      const after = c.data.thresholdAfter as number;
      expect(after).toBeGreaterThanOrEqual(0.5);
      expect(after).toBeLessThanOrEqual(0.9);
      expect(Math.abs(after - (c.data.thresholdBefore as number))).toBeLessThanOrEqual(0.02 + 1e-9);
    }
    const list = await waitFor(
      async () => {
        const r = await api<{ cycles: { id: string }[] }>("/api/v1/governance/cycles?limit=200", { key });
        return r.body.cycles.length >= cycles.length ? r.body.cycles : undefined;
      },
      { what: "cycles in D1" },
    );
    const detail = await api<{
      reflection: { notes: string[] };
      mutation: { direction: string };
      trustBefore: object;
      trustAfter: object;
    }>(`/api/v1/governance/cycles/${list[0]?.id}`, { key });
    expect(detail.status).toBe(200);
    expect(detail.body.reflection.notes.length).toBeGreaterThan(0);
    expect(["raise", "lower", "none"]).toContain(detail.body.mutation.direction);
    expect(Object.keys(detail.body.trustAfter).length).toBe(6);
  });

  it("D1 history agrees with the hub's counts", async () => {
    const state = (
      await api<{ tasks: Record<string, number>; lastSeq: number }>("/api/v1/governance/state", { key })
    ).body;
    // History is flushed in batches shortly after the events; wait until it has caught up.
    await waitFor(
      async () => {
        const row = await env.DB.prepare("SELECT COUNT(*) AS n FROM task_history WHERE tenant_id = ?")
          .bind(tenantId)
          .first<{ n: number }>();
        return row?.n === 500 ? true : undefined;
      },
      { what: "task history to reach D1" },
    );
    const byStatus = await env.DB.prepare(
      "SELECT status, COUNT(*) AS n FROM task_history WHERE tenant_id = ? GROUP BY status",
    )
      .bind(tenantId)
      .all<{ status: string; n: number }>();
    const d1 = Object.fromEntries(byStatus.results.map((r) => [r.status, r.n]));
    expect(d1.succeeded ?? 0).toBe(state.tasks.succeeded);
    expect(d1.failed ?? 0).toBe(state.tasks.failed);

    const events = await allEvents();
    const attempts = await env.DB.prepare("SELECT COUNT(*) AS n FROM task_attempts WHERE tenant_id = ?")
      .bind(tenantId)
      .first<{ n: number }>();
    const finishedAttempts = events.filter(
      (e) =>
        (e.type === "task.completed" || e.type === "task.failed" || e.type === "task.retried") &&
        e.data.attempt &&
        e.data.voided !== true, // a voided attempt (released, agent removed) never ran
    ).length;
    expect(attempts?.n).toBe(finishedAttempts);
    const trust = await env.DB.prepare("SELECT COUNT(*) AS n FROM trust_history WHERE tenant_id = ?")
      .bind(tenantId)
      .first<{ n: number }>();
    expect(trust?.n).toBe(events.filter((e) => e.type === "trust.updated").length);

    // Agent counters agree with the attempt log: nothing counted twice.
    const list = await api<{ agents: { id: string; counters: Record<string, number> }[] }>("/api/v1/agents", {
      key,
    });
    for (const a of list.body.agents) {
      const row = await env.DB.prepare(
        "SELECT COUNT(*) AS n FROM task_attempts WHERE tenant_id = ? AND agent_id = ? AND outcome = 'success'",
      )
        .bind(tenantId, a.id)
        .first<{ n: number }>();
      expect(row?.n).toBe(a.counters.successes);
    }
  });

  it("replaying the batch with the same Idempotency-Key returns the same ids and creates nothing", async () => {
    const res = await submitFlowBatch(fiveHundredTasks());
    expect(res.status).toBe(202);
    expect(res.body.taskIds).toEqual(taskIds);
    const state = await api<{ tasks: Record<string, number> }>("/api/v1/governance/state", { key });
    const total = Object.values(state.body.tasks).reduce((a, b) => a + b, 0);
    expect(total).toBe(500);

    const conflict = await submitFlowBatch(fiveHundredTasks().slice(0, 10));
    expect(conflict.status).toBe(409);
  });
});
