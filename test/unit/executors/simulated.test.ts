import { describe, expect, it, vi } from "vitest";
import type { Simulation } from "../../../shared/schemas/agents";
import { execute, executorFor } from "../../../worker/executors";
import {
  attemptRng,
  DEFAULT_DEGRADED_SUCCESS_RATE,
  drawLatency,
  fnv1a32,
  LATENCY_CAP_FACTOR,
  mulberry32,
  SIMULATED_RETRY_AFTER_MS,
  simulate,
} from "../../../worker/executors/simulated";
import type { ExecutionMessage, ExecutionResult } from "../../../worker/executors/types";

const noSleep = async (): Promise<void> => {};

function message(
  simulation: Simulation | null,
  overrides: { taskId?: string; attempt?: number; agentTaskNumber?: number; timeoutMs?: number } = {},
): ExecutionMessage {
  return {
    tenantId: "t_1",
    taskId: overrides.taskId ?? "task_1",
    attempt: overrides.attempt ?? 1,
    agentId: "agent_1",
    agentTaskNumber: overrides.agentTaskNumber ?? 1,
    agent: { kind: "simulated", endpoint: null, timeoutMs: overrides.timeoutMs ?? 30_000, simulation },
    task: { impact: 0.5, urgency: 0.5, risk: 0.1, capabilities: [], externalId: null },
  };
}

async function run(
  simulation: Simulation,
  n: number,
  overrides: { agentTaskNumber?: number; timeoutMs?: number } = {},
): Promise<ExecutionResult[]> {
  const results: ExecutionResult[] = [];
  for (let i = 0; i < n; i++) {
    results.push(
      await simulate(message(simulation, { ...overrides, taskId: `task_${i}` }), { sleep: noSleep }),
    );
  }
  return results;
}

function rate(results: ExecutionResult[], outcome: ExecutionResult["outcome"]): number {
  return results.filter((r) => r.outcome === outcome).length / results.length;
}

const profile: Simulation = { successRate: 0.8, latencyMs: 200, seed: 42 };

describe("PRNG", () => {
  it("FNV-1a matches the reference vectors", () => {
    expect(fnv1a32("")).toBe(0x811c9dc5);
    expect(fnv1a32("a")).toBe(0xe40c292c);
    expect(fnv1a32("foobar")).toBe(0xbf9cf968);
  });

  it("mulberry32 is deterministic and stays in [0, 1)", () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    for (let i = 0; i < 1_000; i++) {
      const x = a();
      expect(x).toBe(b());
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });

  it("the attempt stream depends on seed, task and attempt", () => {
    const first = (seed: number, task: string, attempt: number) => attemptRng(seed, task, attempt)();
    expect(first(1, "t", 1)).toBe(first(1, "t", 1));
    expect(first(1, "t", 1)).not.toBe(first(2, "t", 1));
    expect(first(1, "t", 1)).not.toBe(first(1, "u", 1));
    expect(first(1, "t", 1)).not.toBe(first(1, "t", 2));
  });
});

describe("simulate: determinism", () => {
  it("the same (seed, task, attempt) always gives the same outcome and latency", async () => {
    const sim: Simulation = { ...profile, timeoutRate: 0.1, rateLimitRate: 0.1 };
    for (let i = 0; i < 200; i++) {
      const m = message(sim, { taskId: `task_${i}`, attempt: (i % 3) + 1 });
      const a = await simulate(m, { sleep: noSleep });
      const b = await simulate(structuredClone(m), { sleep: noSleep });
      expect(b).toEqual(a);
    }
  });

  it("is pinned: a fixed profile always yields this exact sequence", async () => {
    const sim: Simulation = {
      successRate: 0.6,
      latencyMs: 300,
      timeoutRate: 0.1,
      rateLimitRate: 0.1,
      seed: 7,
    };
    const results: ExecutionResult[] = [];
    for (let i = 1; i <= 6; i++) {
      results.push(
        await simulate(message(sim, { taskId: `task_${i}`, agentTaskNumber: i, timeoutMs: 1_000 }), {
          sleep: noSleep,
        }),
      );
    }
    expect(results).toEqual([
      { outcome: "timeout", latencyMs: 1_000, detail: "simulated timeout" },
      { outcome: "failure", latencyMs: 207, detail: "simulated 500" },
      { outcome: "failure", latencyMs: 277, detail: "simulated 500" },
      { outcome: "timeout", latencyMs: 1_000, detail: "simulated timeout" },
      { outcome: "success", latencyMs: 269, detail: "simulated 200" },
      { outcome: "success", latencyMs: 290, detail: "simulated 200" },
    ]);
  });

  it("different seeds give different results across many tasks", async () => {
    const a = await run({ ...profile, seed: 1 }, 200);
    const b = await run({ ...profile, seed: 2 }, 200);
    const differing = a.filter((r, i) => r.outcome !== b[i]?.outcome || r.latencyMs !== b[i]?.latencyMs);
    expect(differing.length).toBeGreaterThan(150);
  });

  it("a retry (another attempt) is an independent draw", async () => {
    let differing = 0;
    for (let i = 0; i < 200; i++) {
      const a = await simulate(message(profile, { taskId: `task_${i}`, attempt: 1 }), { sleep: noSleep });
      const b = await simulate(message(profile, { taskId: `task_${i}`, attempt: 2 }), { sleep: noSleep });
      if (a.latencyMs !== b.latencyMs) differing++;
    }
    expect(differing).toBeGreaterThan(150);
  });

  it("seed defaults to 0", async () => {
    const { seed: _ignored, ...unseeded } = profile;
    expect(await run(unseeded, 50)).toEqual(await run({ ...unseeded, seed: 0 }, 50));
  });
});

describe("simulate: rates", () => {
  it("successRate 0.8 converges over 2,000 tasks (±0.04)", async () => {
    const results = await run(profile, 2_000);
    expect(rate(results, "success")).toBeGreaterThan(0.76);
    expect(rate(results, "success")).toBeLessThan(0.84);
    expect(rate(results, "success") + rate(results, "failure")).toBe(1);
    for (const r of results.filter((x) => x.outcome === "failure")) expect(r.detail).toBe("simulated 500");
  });

  it.each([0, 0.3, 1])("successRate %s is honoured", async (successRate) => {
    const results = await run({ ...profile, successRate }, 2_000);
    expect(Math.abs(rate(results, "success") - successRate)).toBeLessThan(0.04);
  });

  it("timeoutRate is honoured; a drawn timeout reports the agent timeout without waiting", async () => {
    const sleep = vi.fn(noSleep);
    const results: ExecutionResult[] = [];
    for (let i = 0; i < 2_000; i++) {
      results.push(
        await simulate(
          message({ ...profile, timeoutRate: 0.25 }, { taskId: `task_${i}`, timeoutMs: 2_000 }),
          {
            sleep,
          },
        ),
      );
    }
    const timeouts = results.filter((r) => r.outcome === "timeout");
    expect(Math.abs(timeouts.length / 2_000 - 0.25)).toBeLessThan(0.04);
    for (const t of timeouts) {
      expect(t.latencyMs).toBe(2_000);
      expect(t.detail).toBe("simulated timeout");
    }
    // Only the non-timeouts waited.
    expect(sleep).toHaveBeenCalledTimes(2_000 - timeouts.length);
    // Of the rest, about 80 % succeed.
    const rest = results.filter((r) => r.outcome !== "timeout");
    expect(Math.abs(rate(rest, "success") - 0.8)).toBeLessThan(0.04);
  });

  it("rateLimitRate is honoured with a 1,000 ms back-off", async () => {
    const results = await run({ ...profile, rateLimitRate: 0.2 }, 2_000);
    const limited = results.filter((r) => r.outcome === "rate_limited");
    expect(Math.abs(limited.length / 2_000 - 0.2)).toBeLessThan(0.04);
    for (const r of limited) expect(r.retryAfterMs).toBe(SIMULATED_RETRY_AFTER_MS);
    for (const r of results.filter((x) => x.outcome !== "rate_limited"))
      expect(r.retryAfterMs).toBeUndefined();
  });

  it("draw order: timeout takes precedence over rate limiting", async () => {
    const results = await run({ ...profile, timeoutRate: 1, rateLimitRate: 1 }, 100);
    expect(rate(results, "timeout")).toBe(1);
    const limited = await run({ ...profile, timeoutRate: 0, rateLimitRate: 1 }, 100);
    expect(rate(limited, "rate_limited")).toBe(1);
  });
});

describe("simulate: degradation", () => {
  const degrading: Simulation = { successRate: 0.95, latencyMs: 100, degradeAfter: 10, seed: 3 };

  it("uses successRate up to degradeAfter and degradedSuccessRate after", async () => {
    const before = await run({ ...degrading, degradedSuccessRate: 0.1 }, 2_000, { agentTaskNumber: 10 });
    const after = await run({ ...degrading, degradedSuccessRate: 0.1 }, 2_000, { agentTaskNumber: 11 });
    expect(Math.abs(rate(before, "success") - 0.95)).toBeLessThan(0.04);
    expect(Math.abs(rate(after, "success") - 0.1)).toBeLessThan(0.04);
  });

  it(`defaults degradedSuccessRate to ${DEFAULT_DEGRADED_SUCCESS_RATE}`, async () => {
    const after = await run(degrading, 2_000, { agentTaskNumber: 500 });
    expect(Math.abs(rate(after, "success") - DEFAULT_DEGRADED_SUCCESS_RATE)).toBeLessThan(0.04);
  });

  it("never degrades without degradeAfter", async () => {
    const results = await run(profile, 2_000, { agentTaskNumber: 1_000_000 });
    expect(Math.abs(rate(results, "success") - 0.8)).toBeLessThan(0.04);
  });

  it("a sequence of tasks on one agent turns bad after N", async () => {
    const results: ExecutionResult[] = [];
    for (let n = 1; n <= 400; n++) {
      results.push(
        await simulate(
          message({ ...degrading, degradeAfter: 200 }, { taskId: `task_${n}`, agentTaskNumber: n }),
          {
            sleep: noSleep,
          },
        ),
      );
    }
    expect(rate(results.slice(0, 200), "success")).toBeGreaterThan(0.88);
    expect(rate(results.slice(200), "success")).toBeLessThan(0.32);
  });
});

describe("simulate: latency", () => {
  it("is centred on the median, never negative, never above the cap", async () => {
    const results = await run({ ...profile, successRate: 1, latencyMs: 400 }, 2_000);
    const latencies = results.map((r) => r.latencyMs).sort((a, b) => a - b);
    for (const l of latencies) {
      expect(Number.isInteger(l)).toBe(true);
      expect(l).toBeGreaterThanOrEqual(0);
      expect(l).toBeLessThanOrEqual(LATENCY_CAP_FACTOR * 400);
    }
    const median = latencies[1_000] ?? 0;
    expect(median).toBeGreaterThan(360);
    expect(median).toBeLessThan(440);
    // Some spread, but modest.
    expect(new Set(latencies).size).toBeGreaterThan(100);
    expect(latencies[100] ?? 0).toBeGreaterThan(200);
    expect(latencies[1_900] ?? 0).toBeLessThan(800);
  });

  it("drawLatency clamps extreme draws to the cap and handles a zero median", () => {
    expect(drawLatency(100, 0.999_999_999_999, 0)).toBe(LATENCY_CAP_FACTOR * 100);
    expect(drawLatency(100, 0.999_999_999_999, 0.5)).toBeGreaterThanOrEqual(0);
    expect(drawLatency(100, 0, 0)).toBe(100);
    expect(drawLatency(0, 0.5, 0.5)).toBe(0);
  });

  it("really waits the drawn latency", async () => {
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
    };
    const r = await simulate(message({ ...profile, successRate: 1 }), { sleep });
    expect(waits).toEqual([r.latencyMs]);
  });

  it("the default sleep uses real timers", async () => {
    vi.useFakeTimers();
    try {
      let done = false;
      const p = simulate(message({ ...profile, successRate: 1, latencyMs: 1_000 })).then((r) => {
        done = true;
        return r;
      });
      await vi.advanceTimersByTimeAsync(100);
      expect(done).toBe(false);
      await vi.advanceTimersByTimeAsync(5_000);
      expect(done).toBe(true);
      expect((await p).outcome).toBe("success");
    } finally {
      vi.useRealTimers();
    }
  });

  it("a latency above timeoutMs becomes a timeout after waiting timeoutMs", async () => {
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
    };
    const sim: Simulation = { ...profile, successRate: 1, latencyMs: 1_000 };
    const results: ExecutionResult[] = [];
    for (let i = 0; i < 500; i++) {
      results.push(await simulate(message(sim, { taskId: `task_${i}`, timeoutMs: 1_000 }), { sleep }));
    }
    const timeouts = results.filter((r) => r.outcome === "timeout");
    // Median 1,000 ms against a 1,000 ms timeout: about half the draws are above it.
    expect(timeouts.length).toBeGreaterThan(150);
    expect(timeouts.length).toBeLessThan(350);
    for (const t of timeouts) {
      expect(t.latencyMs).toBe(1_000);
      expect(t.detail).toBe("timeout after 1000 ms");
    }
    for (const r of results) expect(r.latencyMs).toBeLessThanOrEqual(1_000);
    expect(Math.max(...waits)).toBe(1_000);
  });

  it("rate-limited answers come back quickly", async () => {
    const results = await run({ ...profile, rateLimitRate: 1, latencyMs: 1_000 }, 200);
    for (const r of results) expect(r.latencyMs).toBeLessThanOrEqual(LATENCY_CAP_FACTOR * 100);
  });
});

describe("dispatch", () => {
  it("a simulated agent without a profile is rejected", async () => {
    expect(await simulate(message(null))).toMatchObject({ outcome: "rejected" });
    expect(await execute(message(null))).toMatchObject({ outcome: "rejected" });
  });

  it("an http agent without an endpoint is rejected", async () => {
    const m = message(null);
    m.agent = { ...m.agent, kind: "http", endpoint: null };
    const r = await execute(m);
    expect(r.outcome).toBe("rejected");
    expect(r.detail).toMatch(/endpoint/);
  });

  it("executorFor picks the simulated executor", async () => {
    const sim: Simulation = { ...profile, successRate: 1, latencyMs: 0 };
    expect(await executorFor("simulated")(message(sim))).toEqual({
      outcome: "success",
      latencyMs: 0,
      detail: "simulated 200",
    });
  });
});
