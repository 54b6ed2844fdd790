import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../../shared/governance";
import { freshPageHinkley, pageHinkleyStep } from "../../../shared/governance/drift";
import { nextUniform, seedRng } from "../../../shared/governance/exploration";
import { agent, engineWith, ofType, runTask, T0 } from "./helpers";

const { pageHinkleyDelta: delta, pageHinkleyLambda: lambda } = DEFAULT_CONFIG;

/** Index (1-based) of the first alarm, or null. */
function firstAlarm(stream: number[]): number | null {
  const ph = freshPageHinkley();
  for (let i = 0; i < stream.length; i++)
    if (pageHinkleyStep(ph, stream[i] ?? 0, delta, lambda)) return i + 1;
  return null;
}

function bernoulli(seed: number, p: number, count: number): number[] {
  const rng = seedRng(seed);
  return Array.from({ length: count }, () => (nextUniform(rng) < p ? 1 : 0));
}

describe("Page-Hinkley", () => {
  it("never flags a steady 90% pattern", () => {
    const pattern = [1, 1, 1, 1, 0, 1, 1, 1, 1, 1];
    expect(firstAlarm(Array.from({ length: 100 }, () => pattern).flat())).toBeNull();
  });

  it("flags a fall from 90% to 30% within 15–25 results", () => {
    const before = Array.from({ length: 5 }, () => [1, 1, 1, 1, 0, 1, 1, 1, 1, 1]).flat();
    const after = Array.from({ length: 5 }, () => [1, 0, 0, 1, 0, 0, 0, 1, 0, 0]).flat();
    const at = firstAlarm([...before, ...after]);
    expect(at).not.toBeNull();
    expect((at ?? 0) - before.length).toBeGreaterThanOrEqual(5);
    expect((at ?? 0) - before.length).toBeLessThanOrEqual(25);
  });

  it("rarely flags random 0.9 streams, and catches random 0.9 → 0.3 drops quickly", () => {
    let falseAlarms = 0;
    const delays: number[] = [];
    for (let seed = 1; seed <= 300; seed++) {
      if (firstAlarm(bernoulli(seed, 0.9, 500)) !== null) falseAlarms += 1;
      const ph = freshPageHinkley();
      let early = false;
      for (const x of bernoulli(10_000 + seed, 0.9, 50)) early ||= pageHinkleyStep(ph, x, delta, lambda);
      if (early) continue;
      const drop = bernoulli(20_000 + seed, 0.3, 200);
      const at = drop.findIndex((x) => pageHinkleyStep(ph, x, delta, lambda));
      delays.push(at + 1);
    }
    expect(falseAlarms / 300).toBeLessThan(0.02);
    delays.sort((a, b) => a - b);
    expect(delays.every((d) => d > 0)).toBe(true);
    expect(delays[Math.floor(delays.length / 2)]).toBeLessThanOrEqual(16);
    expect(delays[Math.floor(delays.length * 0.9)]).toBeLessThanOrEqual(25);
  });
});

describe("drift in the engine", () => {
  it("flags a trust drop of 0.2 within the last 10 results, once, without touching status", () => {
    const e = engineWith([agent("a")], { blastRadiusMaxShare: 1 });
    e.overrideTrust("a", 0.9, "setup", T0);
    const first = runTask(e, "f1", "failure", T0, { task: { maxAttempts: 1 } });
    expect(ofType(first.events, "drift.detected")).toEqual([]);
    const second = runTask(e, "f2", "failure", T0, { task: { maxAttempts: 1 } });
    const [d] = ofType(second.events, "drift.detected");
    expect(d?.agentId).toBe("a");
    expect(d?.data).toMatchObject({ kind: "trust_drop", from: 0.9 });
    expect(d?.data.to).toBeCloseTo(0.9 * 0.85 * 0.85, 12);
    expect(e.agent("a")).toMatchObject({ drifting: true, status: "active" });
    const third = runTask(e, "f3", "failure", T0, { task: { maxAttempts: 1 } });
    expect(ofType(third.events, "drift.detected")).toEqual([]);
  });

  it("compares against the last 10 results only", () => {
    const e = engineWith([agent("a")], { blastRadiusMaxShare: 1 });
    e.overrideTrust("a", 0.9, "setup", T0);
    runTask(e, "f1", "failure", T0, { task: { maxAttempts: 1 } }); // 0.765
    for (let i = 0; i < 10; i++) runTask(e, `s${i}`, "success", T0); // climbs back, 0.9 leaves the window
    const peak = Math.max(...(e.agent("a")?.recentTrust ?? []));
    expect(e.agent("a")?.recentTrust).toHaveLength(10);
    expect(peak).toBeLessThan(0.9);
    expect(e.agent("a")?.drifting).toBe(false);
  });

  it("clears the flag after 10 consecutive successes and resets Page-Hinkley", () => {
    const e = engineWith([agent("a")], { blastRadiusMaxShare: 1 });
    e.overrideTrust("a", 0.9, "setup", T0);
    runTask(e, "f1", "failure", T0, { task: { maxAttempts: 1 } });
    runTask(e, "f2", "failure", T0, { task: { maxAttempts: 1 } });
    for (let i = 0; i < 9; i++) runTask(e, `s${i}`, "success", T0);
    expect(e.agent("a")?.drifting).toBe(true);
    const last = runTask(e, "s9", "success", T0);
    expect(ofType(last.events, "agent.updated")[0]?.data).toMatchObject({
      reason: "drift_cleared",
      drifting: false,
    });
    expect(e.agent("a")).toMatchObject({ drifting: false, ph: { n: 0, mean: 0, cumulative: 0, max: 0 } });
  });

  it("flags a sustained success-rate fall via Page-Hinkley when trust stays up", () => {
    // Trust-drop detection off, slow learning so trust barely moves: only Page-Hinkley can see it.
    const e = engineWith([agent("a", { maxConcurrency: 100 })], {
      driftTrustDrop: 1,
      learningRate: 0.001,
      penaltyRate: 0.002,
      blastRadiusMaxShare: 1,
    });
    e.overrideTrust("a", 0.9, "setup", T0);
    const pattern = ["success", "failure", "failure", "success", "failure", "failure", "failure"] as const;
    for (let k = 0; k < 36; k++) runTask(e, `warm${k}`, "success", T0);
    let found: unknown = null;
    for (let k = 0; k < 40 && !found; k++) {
      const outcome = pattern[k % pattern.length] ?? "failure";
      const r = runTask(e, `d${k}`, outcome, T0, { task: { maxAttempts: 1 } });
      found = ofType(r.events, "drift.detected")[0]?.data ?? null;
    }
    expect(found).toMatchObject({ kind: "page_hinkley" });
    expect(e.agent("a")?.status).toBe("active");
  });
});
