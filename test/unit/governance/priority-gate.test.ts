import { describe, expect, it } from "vitest";
import { agingBoost, DEFAULT_CONFIG, passesGate, priority, requiredTrust } from "../../../shared/governance";
import { agent, engineWith, T0, task } from "./helpers";

describe("priority", () => {
  const at = (impact: number, urgency: number, risk: number, waitMs = 0) =>
    priority({ impact, urgency, risk, createdAt: T0 - waitMs }, T0, DEFAULT_CONFIG);

  it("weights impact, urgency and safety 0.5 / 0.35 / 0.15", () => {
    expect(at(1, 1, 0)).toBeCloseTo(1, 12);
    expect(at(0, 0, 1)).toBeCloseTo(0, 12);
    expect(at(0.5, 0.5, 0.5)).toBeCloseTo(0.5, 12);
    expect(at(0.8, 0.2, 0.4)).toBeCloseTo(0.4 + 0.07 + 0.09, 12);
  });

  it("never lets risk raise priority", () => {
    expect(at(0.5, 0.5, 0.9)).toBeLessThan(at(0.5, 0.5, 0.1));
  });

  it("ages linearly up to +0.2 at two minutes, then stays capped", () => {
    expect(agingBoost(0, DEFAULT_CONFIG)).toBe(0);
    expect(agingBoost(60_000, DEFAULT_CONFIG)).toBeCloseTo(0.1, 12);
    expect(agingBoost(120_000, DEFAULT_CONFIG)).toBeCloseTo(0.2, 12);
    expect(agingBoost(3_600_000, DEFAULT_CONFIG)).toBeCloseTo(0.2, 12);
    expect(at(0.5, 0.5, 0.5, 30_000)).toBeCloseTo(0.55, 12);
    expect(at(0.5, 0.5, 0.5, 10 * 60_000)).toBeCloseTo(0.7, 12);
  });

  it("assigns in priority order, older first on ties, then by id", () => {
    const e = engineWith([agent("a", { maxConcurrency: 1 })]);
    e.submit([task("b-old", { impact: 0.2 })], T0);
    e.submit([task("z", { impact: 0.9 }), task("c", { impact: 0.2 }), task("a", { impact: 0.2 })], T0 + 1);
    const order: string[] = [];
    const now = T0 + 1;
    for (let i = 0; i < 4; i++) {
      const tick = e.tick(now);
      const assigned = tick.assignments[0];
      if (!assigned) throw new Error("nothing assigned");
      order.push(assigned.taskId);
      e.recordResult({ taskId: assigned.taskId, attempt: 1, outcome: "success", latencyMs: 1 }, now);
    }
    expect(order).toEqual(["z", "b-old", "a", "c"]);
  });

  it("lets aging lift a waiting task above a fresh, more important one", () => {
    const e = engineWith([agent("a", { maxConcurrency: 1 })]);
    e.submit([task("old", { impact: 0.3, urgency: 0.3 })], T0);
    e.submit([task("new", { impact: 0.6, urgency: 0.3 })], T0 + 120_000);
    // old: 0.15 + 0.105 + 0.15 + 0.2 = 0.605 vs new: 0.3 + 0.105 + 0.15 = 0.555
    expect(e.tick(T0 + 120_000).assignments[0]?.taskId).toBe("old");
  });
});

describe("trust gate", () => {
  it("requires threshold + 0.2·risk, capped at 0.95", () => {
    expect(requiredTrust(0, 0.6, DEFAULT_CONFIG)).toBeCloseTo(0.6, 12);
    expect(requiredTrust(0.5, 0.6, DEFAULT_CONFIG)).toBeCloseTo(0.7, 12);
    expect(requiredTrust(1, 0.6, DEFAULT_CONFIG)).toBeCloseTo(0.8, 12);
    expect(requiredTrust(1, 0.9, DEFAULT_CONFIG)).toBe(0.95);
    expect(requiredTrust(0.3, 0.9, DEFAULT_CONFIG)).toBeCloseTo(0.95, 12);
    expect(passesGate(0.7, 0.5, 0.6, DEFAULT_CONFIG)).toBe(true);
    expect(passesGate(0.69, 0.5, 0.6, DEFAULT_CONFIG)).toBe(false);
  });

  it("keeps a risky task from an agent below the gate", () => {
    const e = engineWith([agent("a")]);
    e.overrideTrust("a", 0.69, "test", T0);
    e.submit([task("risky", { risk: 0.5 })], T0);
    expect(e.tick(T0).holds).toEqual([{ taskId: "risky", reason: "trust_gate" }]);
    e.overrideTrust("a", 0.7, "test", T0);
    const tick = e.tick(T0);
    expect(tick.assignments.map((x) => x.taskId)).toEqual(["risky"]);
    expect(e.task("risky")?.attempts[0]?.provisional).toBe(false);
  });
});
