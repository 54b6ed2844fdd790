import { describe, expect, it } from "vitest";
import { markdown } from "../../../scripts/quality-bench/report";
import { runAll, SHORT } from "../../../scripts/quality-bench/run";

/**
 * The governance-quality benchmark in its short mode: it must run every scenario against every
 * router on the same tasks and produce sane figures. Who wins is reported in docs/benchmarks.md,
 * not asserted here.
 */
describe("governance-quality benchmark (short mode)", () => {
  const results = runAll(SHORT);

  it("plays all six scenarios against Warden, the four baselines and the oracle", () => {
    expect(results.map((r) => r.scenario.key)).toEqual([
      "steady",
      "degrading",
      "hard-fail",
      "flaky-429",
      "outage",
      "new-agent",
    ]);
    for (const { rows } of results)
      expect(rows.map((r) => r.router)).toEqual([
        "Warden",
        "round-robin",
        "random",
        "LiteLLM cooldown",
        "Envoy outlier ejection",
        "oracle",
      ]);
  });

  it("gives every router the same tasks and figures within their ranges", () => {
    for (const { scenario, rows } of results) {
      const submitted = rows[0]?.submitted ?? 0;
      expect(submitted).toBe((scenario.arrivalMs / 1000) * scenario.tasksPerSecond);
      for (const r of rows) {
        expect(r.submitted, `${scenario.key} ${r.router}`).toBe(submitted);
        expect(r.successRate).toBeGreaterThanOrEqual(0);
        expect(r.successRate).toBeLessThanOrEqual(1);
        expect(r.highRiskToUnreliable).toBeGreaterThanOrEqual(0);
        expect(r.open).toBeGreaterThanOrEqual(0);
      }
      // Only Warden holds tasks or fails them by its queue timeout; both are reported for it.
      const warden = rows.find((r) => r.router === "Warden");
      expect(warden?.queueTimeouts).toBeGreaterThanOrEqual(0);
      expect(warden?.queueTimeouts ?? 0).toBeLessThanOrEqual(submitted);
      for (const r of rows.filter((x) => x.router !== "Warden")) expect(r.queueTimeouts).toBeUndefined();
      const oracle = rows.find((r) => r.router === "oracle");
      const random = rows.find((r) => r.router === "random");
      expect(oracle?.ofOracle).toBe(1);
      // Knowing the truth must be worth something against picking blindly.
      expect(oracle?.successRate ?? 0).toBeGreaterThanOrEqual(random?.successRate ?? 1);
      expect(oracle?.highRiskToUnreliable ?? 1).toBeLessThanOrEqual(random?.highRiskToUnreliable ?? 0);
    }
  });

  it("measures the scenario-specific figures, and prints one table per scenario", () => {
    const hardFail = results.find((r) => r.scenario.key === "hard-fail");
    const outage = results.find((r) => r.scenario.key === "outage");
    for (const r of hardFail?.rows ?? []) expect(r.stopRoutingMs).toHaveLength(1);
    // Routers that never learn keep sending work to the dead agent; the oracle never does.
    expect(hardFail?.rows.find((r) => r.router === "round-robin")?.stopRoutingMs).toEqual([null]);
    expect(hardFail?.rows.find((r) => r.router === "oracle")?.toFailedAgent).toBe(0);
    for (const r of outage?.rows ?? []) expect(r.recoveryMs).toHaveLength(1);
    const text = markdown(results);
    expect(text.match(/^#### /gm)).toHaveLength(6);
    expect(
      text.match(/^Warden: \d+ tasks still held at the end, \d+ failed by the queue timeout/gm),
    ).toHaveLength(6);
    console.info(text);
  });
});
