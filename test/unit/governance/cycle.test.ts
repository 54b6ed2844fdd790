import { describe, expect, it } from "vitest";
import { type CycleRecord, type Outcome, requiredTrust } from "../../../shared/governance";
import { decideMutation } from "../../../shared/governance/cycle";
import { agent, cfg, engineWith, feed, finish, ofType, T0, task, types } from "./helpers";

const quiet = { suppressionThreshold: 0.01, maxRateLimitRequeues: 0 };
const outcomes = (successes: number, failures: number): Outcome[] => [
  ...Array<Outcome>(successes).fill("success"),
  ...Array<Outcome>(failures).fill("failure"),
];
const recordOf = (events: ReturnType<typeof feed>) =>
  ofType(events, "cycle.completed")[0]?.data as unknown as CycleRecord | undefined;

describe("cycles", () => {
  it("close after 100 results, inside the result that fills them", () => {
    const e = engineWith([agent("a", { maxConcurrency: 200 })], quiet);
    expect(e.currentCycle()).toEqual({ id: "cyc_1", number: 1, startedAt: T0, results: 0 });
    const first = feed(e, outcomes(99, 0), T0 + 10);
    expect(types(first)).not.toContain("cycle.completed");
    expect(e.currentCycle().results).toBe(99);
    const closing = feed(e, outcomes(1, 0), T0 + 20);
    const done = ofType(closing, "cycle.completed")[0];
    expect(done?.cycleId).toBe("cyc_1");
    expect(done?.data).toMatchObject({
      id: "cyc_1",
      number: 1,
      results: 100,
      startedAt: T0,
      endedAt: T0 + 20,
    });
    expect(e.currentCycle()).toEqual({ id: "cyc_2", number: 2, startedAt: T0 + 20, results: 0 });
  });

  it("close on time: 60 s old with at least one result", () => {
    const e = engineWith([agent("a")], quiet);
    expect(e.advance(T0 + 120_000)).toEqual([]); // nothing to reflect on yet
    feed(e, ["success"], T0 + 130_000);
    expect(e.nextWakeAt()).toBe(T0 + 60_000);
    const events = e.advance(T0 + 130_001);
    expect(types(events)).toContain("cycle.completed");
    expect(e.currentCycle()).toMatchObject({ number: 2, startedAt: T0 + 130_001 });
    feed(e, ["success"], T0 + 140_000);
    expect(types(e.advance(T0 + 190_000))).not.toContain("cycle.completed");
    expect(types(e.advance(T0 + 190_001))).toContain("cycle.completed");
  });

  it("close on demand when they have a result", () => {
    const e = engineWith([agent("a")], quiet);
    expect(e.closeCycle(T0 + 1)).toEqual([]);
    feed(e, ["success"], T0 + 2);
    expect(types(e.closeCycle(T0 + 3))).toContain("cycle.completed");
    expect(e.closeCycle(T0 + 4)).toEqual([]);
  });

  it("use the hub's cycle ids", () => {
    const e = engineWith([agent("a")], quiet);
    const custom = new (e.constructor as typeof import("../../../shared/governance").GovernanceEngine)(
      cfg(quiet),
      {
        now: T0,
        newCycleId: (n) => `cyc_custom_${n}`,
      },
    );
    custom.registerAgent(agent("a"), T0);
    feed(custom, ["success"], T0);
    expect(ofType(custom.closeCycle(T0), "cycle.completed")[0]?.cycleId).toBe("cyc_custom_1");
    expect(custom.currentCycle().id).toBe("cyc_custom_2");
  });

  it("raise the threshold by 0.02 below 88% and explain why", () => {
    const e = engineWith([agent("a", { maxConcurrency: 100 })], quiet);
    feed(e, outcomes(18, 7), T0 + 1_000);
    const events = e.closeCycle(T0 + 42_000);
    expect(types(events)).toEqual(["mutation.applied", "cycle.completed"]);
    expect(events[0]).toMatchObject({
      cycleId: "cyc_1",
      data: { before: 0.6, after: 0.62, direction: "raise", successRate: 0.72 },
    });
    expect(e.threshold).toBe(0.62);
    const r = recordOf(events);
    expect(r).toMatchObject({
      results: 25,
      successes: 18,
      failures: 7,
      successRate: 0.72,
      thresholdBefore: 0.6,
      thresholdAfter: 0.62,
      mutation: { direction: "raise", delta: 0.02 },
    });
    expect(r?.notes).toContain(
      "Success rate 72.0% is below the 88.0% floor of the 90% target, so the trust threshold rose from 0.60 to 0.62.",
    );
    expect(r?.notes[0]).toBe("Cycle 1 ran for 42 s and recorded 25 results: 18 successes and 7 failures.");
    // The gate follows the new threshold.
    expect(requiredTrust(0.5, e.threshold, e.config)).toBeCloseTo(0.72, 12);
  });

  it("lower it above 92%, hold it within the band", () => {
    const e = engineWith([agent("a", { maxConcurrency: 100 })], quiet);
    feed(e, outcomes(20, 0), T0);
    const lowered = recordOf(e.closeCycle(T0 + 1));
    expect(lowered?.mutation).toMatchObject({ direction: "lower", delta: -0.02 });
    expect(lowered?.notes).toContain(
      "Success rate 100.0% is above the 92.0% ceiling of the 90% target, so the trust threshold fell from 0.60 to 0.58.",
    );
    feed(e, outcomes(9, 1), T0 + 2);
    const held = e.closeCycle(T0 + 3);
    expect(types(held)).toEqual(["cycle.completed"]);
    expect(recordOf(held)?.mutation.direction).toBe("none");
    expect(e.threshold).toBe(0.58);
  });

  it("treat exactly 88% and 92% as inside the band", () => {
    const c = cfg();
    expect(decideMutation(0.6, 0.88, c).mutation.direction).toBe("none");
    expect(decideMutation(0.6, 0.92, c).mutation.direction).toBe("none");
    expect(decideMutation(0.6, 0.8799, c).mutation.direction).toBe("raise");
    expect(decideMutation(0.6, 0.9201, c).mutation.direction).toBe("lower");
  });

  it("clamp the threshold to [0.5, 0.9]", () => {
    const c = cfg();
    expect(decideMutation(0.9, 0.1, c)).toMatchObject({
      after: 0.9,
      mutation: { direction: "none", delta: 0 },
    });
    expect(decideMutation(0.9, 0.1, c).mutation.reason).toMatch(/already at its 0.90 maximum/);
    expect(decideMutation(0.5, 1, c)).toMatchObject({ after: 0.5, mutation: { direction: "none" } });
    expect(decideMutation(0.89, 0.1, c).after).toBe(0.9);
    expect(decideMutation(0.51, 1, c).after).toBe(0.5);
    let t = 0.6;
    for (let i = 0; i < 30; i++) t = decideMutation(t, 0, c).after;
    expect(t).toBe(0.9);
  });

  it("do not mutate when only rate-limited or rejected results came in", () => {
    const e = engineWith([agent("a", { maxConcurrency: 100 })], quiet);
    feed(e, ["rejected", "rate_limited"], T0);
    const events = e.closeCycle(T0 + 1);
    expect(types(events)).toEqual(["cycle.completed"]);
    const r = recordOf(events);
    expect(r).toMatchObject({
      successRate: 0.9,
      rejected: 1,
      rateLimited: 1,
      mutation: { direction: "none" },
    });
    expect(r?.notes[1]).toMatch(/^No result in this cycle said anything about success/);
  });

  it("reflect: counts, trust, suppressions and the constraint score", () => {
    const e = engineWith([agent("a", { maxConcurrency: 50 }), agent("b"), agent("c")], {
      cycleMaxResults: 1000,
    });
    feed(e, outcomes(10, 0), T0, "a");
    e.overrideTrust("b", 0.4, "setup", T0);
    e.overrideTrust("a", 0.3, "setup", T0);
    e.overrideTrust("c", 0.3, "setup", T0);
    e.submit([{ id: "x", impact: 1, urgency: 1, risk: 0, capabilities: [], maxAttempts: 1 }], T0);
    expect(e.tick(T0).assignments[0]?.agentId).toBe("b");
    e.recordResult({ taskId: "x", attempt: 1, outcome: "failure", latencyMs: 10 }, T0);
    const r = recordOf(e.closeCycle(T0 + 5_000));
    expect(r?.assignments).toBe(11);
    expect(r?.assignmentsRespectingRules).toBe(11);
    expect(r?.constraintScore).toBe(1);
    expect(r?.suppressed).toEqual(["b"]);
    expect(r?.trustBefore).toEqual({ a: 0.5, b: 0.5, c: 0.5 });
    expect(r?.trustAfter.b).toBeCloseTo(0.34, 12);
    expect(r?.meanTrust).toBeCloseTo((0.3 + 0.34 + 0.3) / 3, 12);
    expect(r?.notes).toContain(
      "All 11 assignments respected the trust gate and probation rules (constraint score 1.00).",
    );
    expect(r?.notes).toContain(
      "Agent b was suppressed for 30 s after its trust fell to 0.34, below the 0.35 suppression threshold.",
    );
    expect(r?.notes.some((n) => n.startsWith("Mean trust across 3 agents went from 0.50 to 0.31"))).toBe(
      true,
    );
  });

  it("reflect on cycles with one and with no assignment", () => {
    const e = engineWith([agent("a")], quiet);
    e.submit([task("x"), task("y")], T0);
    expect(e.tick(T0).assignments).toHaveLength(2);
    finish(e, "x", "success", T0);
    expect(recordOf(e.closeCycle(T0 + 1))?.notes).toContain(
      "All 2 assignments respected the trust gate and probation rules (constraint score 1.00).",
    );
    finish(e, "y", "success", T0 + 2);
    expect(recordOf(e.closeCycle(T0 + 3))?.notes).toContain(
      "No tasks were assigned, so no assignment could break the trust gate or probation rules (constraint score 1.00).",
    );
    feed(e, ["success"], T0 + 4);
    expect(recordOf(e.closeCycle(T0 + 5))?.notes).toContain(
      "The only assignment respected the trust gate and probation rules (constraint score 1.00).",
    );
  });
});
