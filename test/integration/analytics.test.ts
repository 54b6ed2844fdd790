import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { Analytics } from "../../shared/schemas/analytics";
import { api, createAgent, createTenant, type Problem, waitFor } from "../helpers/api";

/**
 * GET /analytics over history written by the real flow: batches run by simulated agents, cycles
 * closed by the trigger, rows flushed by the hub. Every figure is checked against GET /tasks.
 */

interface Attempt {
  agentId: string;
  outcome: string | null;
  latencyMs: number | null;
}
interface Task {
  status: string;
  attempts: Attempt[];
}

let key: string;
let tenantId: string;
let agents: string[] = [];
let attempts: Attempt[] = [];
let cyclesClosed = 0;
const range = { from: new Date(Date.now() - 60_000).toISOString(), to: "" };

async function runBatch(n: number, tag: string): Promise<void> {
  const tasks = Array.from({ length: n }, (_, i) => ({
    impact: 0.5,
    urgency: 0.5,
    risk: 0.1,
    capabilities: ["general"],
    externalId: `${tag}-${i}`,
  }));
  const res = await api("/api/v1/tasks/batch", { key, body: { tasks } });
  expect(res.status).toBe(202);
  await waitFor(
    async () => {
      const s = await api<{ tasks: Record<string, number> }>("/api/v1/governance/state", { key });
      const t = s.body.tasks;
      return t.queued === 0 && t.assigned === 0 ? true : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 200, what: `batch ${tag} to finish` },
  );
  const trigger = await api<{ cycleId: string | null }>("/api/v1/governance/trigger", { key, body: {} });
  expect(trigger.status).toBe(200);
  if (trigger.body.cycleId) cyclesClosed += 1;
}

async function allTasks(): Promise<Task[]> {
  const out: Task[] = [];
  let cursor: string | null = null;
  do {
    const page: { status: number; body: { tasks: Task[]; nextCursor: string | null } } = await api(
      `/api/v1/tasks?limit=200${cursor ? `&cursor=${cursor}` : ""}`,
      { key },
    );
    expect(page.status).toBe(200);
    out.push(...page.body.tasks);
    cursor = page.body.nextCursor;
  } while (cursor);
  return out;
}

const analytics = (query: Record<string, string>, as = key) =>
  api<Analytics>(`/api/v1/analytics?${new URLSearchParams(query)}`, { key: as });

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const isSuccess = (a: Attempt) => a.outcome === "success";
const isFailure = (a: Attempt) => a.outcome === "failure" || a.outcome === "timeout";

beforeAll(async () => {
  ({ key, tenantId } = await createTenant("Analytics Inc"));
  agents = [
    await createAgent(key, { name: "fast", simulation: { successRate: 0.95, latencyMs: 5, seed: 11 } }),
    await createAgent(key, { name: "steady", simulation: { successRate: 0.85, latencyMs: 40, seed: 12 } }),
    await createAgent(key, { name: "slow", simulation: { successRate: 0.7, latencyMs: 300, seed: 13 } }),
  ];
  await runBatch(40, "first");
  await runBatch(40, "second");
  attempts = (await allTasks()).flatMap((t) => t.attempts).filter((a) => a.outcome !== null);
  // History reaches D1 a moment after the hub: wait for every attempt and cycle to land.
  await waitFor(
    async () => {
      const row = await env.DB.prepare(
        "SELECT (SELECT COUNT(*) FROM task_attempts WHERE tenant_id = ?1) AS a, (SELECT COUNT(*) FROM cycles WHERE tenant_id = ?1) AS c",
      )
        .bind(tenantId)
        .first<{ a: number; c: number }>();
      return row?.a === attempts.length && row.c === cyclesClosed ? true : undefined;
    },
    { what: "history to reach D1" },
  );
  range.to = new Date(Date.now() + 60_000).toISOString();
}, 180_000);

describe("GET /analytics", () => {
  it("agrees with GET /tasks: totals, series, heatmap and latency", async () => {
    const res = await analytics({ ...range, buckets: "12" });
    expect(res.status).toBe(200);
    const a = res.body;
    expect(a.from).toBe(range.from);
    expect(a.to).toBe(range.to);
    expect(a.bucketSeconds).toBeCloseTo((Date.parse(range.to) - Date.parse(range.from)) / 12 / 1000, 2);

    const succeeded = attempts.filter(isSuccess).length;
    const failed = attempts.filter(isFailure).length;
    expect(attempts.length).toBeGreaterThanOrEqual(80);
    expect(a.totals).toMatchObject({ attempts: attempts.length, succeeded, failed, cycles: cyclesClosed });
    expect(a.totals.successRate).toBeCloseTo(succeeded / (succeeded + failed), 10);

    expect(a.series).toHaveLength(12);
    expect(a.series[0]?.start).toBe(range.from);
    expect(sum(a.series.map((s) => s.attempts))).toBe(a.totals.attempts);
    expect(sum(a.series.map((s) => s.succeeded))).toBe(succeeded);
    expect(sum(a.series.map((s) => s.failed))).toBe(failed);
    for (const s of a.series) if (s.attempts === 0) expect(s.successRate).toBeNull();

    expect(a.heatmap.map((h) => h.agentId).sort()).toEqual(
      [...new Set(attempts.map((t) => t.agentId))].sort(),
    );
    for (const row of a.heatmap) {
      const mine = attempts.filter((t) => t.agentId === row.agentId);
      expect(row.cells).toHaveLength(12);
      expect(row.cells.map((c) => c.start)).toEqual(a.series.map((s) => s.start));
      expect(sum(row.cells.map((c) => c.attempts))).toBe(mine.length);
      expect(sum(row.cells.map((c) => c.succeeded))).toBe(mine.filter(isSuccess).length);
    }

    const timed = attempts.filter((t) => t.latencyMs !== null);
    expect(a.latency.boundsMs).toEqual([10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000]);
    expect(a.latency.counts).toHaveLength(11);
    expect(sum(a.latency.counts)).toBe(timed.length);
    const latencies = timed.map((t) => Math.round(t.latencyMs ?? 0)).sort((x, y) => x - y);
    const rank = (p: number) => latencies[Math.ceil(p * latencies.length) - 1];
    expect([a.latency.p50, a.latency.p95, a.latency.p99]).toEqual([rank(0.5), rank(0.95), rank(0.99)]);
    expect(a.totals.meanLatencyMs).toBeCloseTo(sum(latencies) / latencies.length, 6);
  });

  it("shows trust trends and the cycles' mutations, oldest first", async () => {
    const a = (await analytics(range)).body;
    expect(a.series).toHaveLength(24);
    expect(a.trust.map((t) => t.agentId).sort()).toEqual([...agents].sort());
    for (const line of a.trust) {
      expect(line.points.length).toBeGreaterThan(0);
      const times = line.points.map((p) => Date.parse(p.at));
      expect(times).toEqual([...times].sort((x, y) => x - y));
      for (const p of line.points) expect(p.trust).toBeGreaterThanOrEqual(0);
    }
    // The first point is the trust held at `from`: every agent started at 0.5.
    for (const line of a.trust) expect(line.points[0]).toEqual({ at: range.from, trust: 0.5 });

    expect(a.cycles).toHaveLength(cyclesClosed);
    expect(cyclesClosed).toBeGreaterThanOrEqual(2);
    const numbers = a.cycles.map((c) => c.number);
    expect(numbers).toEqual([...numbers].sort((x, y) => x - y));
    for (const c of a.cycles) {
      expect(c.id).toMatch(/^cyc_/);
      expect(c.successRate).toBeGreaterThanOrEqual(0);
      expect(typeof c.thresholdBefore).toBe("number");
      expect(typeof c.thresholdAfter).toBe("number");
    }
  });

  it("narrows to one agent", async () => {
    const agentId = agents[2] as string;
    const a = (await analytics({ ...range, agentId })).body;
    const mine = attempts.filter((t) => t.agentId === agentId);
    expect(a.totals.attempts).toBe(mine.length);
    expect(a.totals.succeeded).toBe(mine.filter(isSuccess).length);
    expect(a.heatmap.map((h) => h.agentId)).toEqual(mine.length ? [agentId] : []);
    expect(a.trust.map((t) => t.agentId)).toEqual([agentId]);
    expect(sum(a.latency.counts)).toBe(mine.filter((t) => t.latencyMs !== null).length);
  });

  it("shows another tenant none of this tenant's history", async () => {
    const other = await createTenant("Analytics Other");
    const res = await analytics(range, other.key);
    expect(res.status).toBe(200);
    expect(res.body.totals).toEqual({
      attempts: 0,
      succeeded: 0,
      failed: 0,
      successRate: null,
      cycles: 0,
      meanLatencyMs: null,
    });
    expect(res.body.heatmap).toEqual([]);
    expect(res.body.trust).toEqual([]);
    expect(res.body.cycles).toEqual([]);
    expect(sum(res.body.latency.counts)).toBe(0);
    expect(res.body.latency.p50).toBeNull();
    // Even when asking for this tenant's agent by id.
    const probe = await analytics({ ...range, agentId: agents[0] as string }, other.key);
    expect(probe.body.totals.attempts).toBe(0);
  });

  it("refuses a bad range or bucket count with 400 naming the field", async () => {
    const cases: [Record<string, string>, string][] = [
      [{ from: "yesterday" }, "from"],
      [{ to: "2026-13-40T00:00:00Z" }, "to"],
      [{ from: "2026-01-02T00:00:00Z", to: "2026-01-01T00:00:00Z" }, "to"],
      [{ from: "2026-01-01T00:00:00Z", to: "2026-01-01T00:00:00Z" }, "to"],
      [{ from: "2025-01-01T00:00:00Z", to: "2025-06-01T00:00:00Z" }, "to"],
      [{ from: new Date(Date.now() + 3600_000).toISOString() }, "to"],
      [{ buckets: "0" }, "buckets"],
      [{ buckets: "201" }, "buckets"],
      [{ buckets: "2.5" }, "buckets"],
      [{ agentId: "nope" }, "agentId"],
    ];
    for (const [query, field] of cases) {
      const res = await api<Problem>(`/api/v1/analytics?${new URLSearchParams(query)}`, { key });
      expect(res.status, JSON.stringify(query)).toBe(400);
      expect(
        res.body.errors?.map((e) => e.field),
        JSON.stringify(query),
      ).toContain(field);
    }
  });
});
