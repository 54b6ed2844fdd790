import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, GovernanceError, suppressionDurationMs } from "../../../shared/governance";
import { agent, engineWith, ofType, runTask, T0, task, types } from "./helpers";

const MIN = 60_000;
const HOUR = 60 * MIN;

/** One agent, blast-radius guard out of the way (a lone agent is always the whole pool). */
function lone(config = {}) {
  return engineWith([agent("a")], { blastRadiusMaxShare: 1, ...config });
}

let n = 0;
const fail = (e: ReturnType<typeof lone>, now: number) =>
  runTask(e, `f${++n}`, "failure", now, { task: { maxAttempts: 1 } });
const succeed = (e: ReturnType<typeof lone>, now: number) => runTask(e, `s${++n}`, "success", now);

describe("suppression", () => {
  it("suppresses for 30 s when trust falls below 0.35", () => {
    const e = lone();
    e.overrideTrust("a", 0.4, "setup", T0);
    const { events } = fail(e, T0);
    expect(e.agent("a")?.trust).toBeCloseTo(0.34, 12);
    const [s] = ofType(events, "agent.suppressed");
    expect(s?.agentId).toBe("a");
    expect(s?.data).toMatchObject({ until: T0 + 30_000, durationMs: 30_000, count: 1, manual: false });
    expect(s?.data.trust).toBeCloseTo(0.34, 12);
    expect(String(s?.data.reason)).toMatch(/below 0.35/);
    expect(e.agent("a")).toMatchObject({
      status: "suppressed",
      suppressedUntil: T0 + 30_000,
      suppressionCount: 1,
    });
    e.submit([task("waits")], T0 + 1);
    expect(e.tick(T0 + 1).holds).toEqual([{ taskId: "waits", reason: "no_capable_agent" }]);
    expect(e.nextWakeAt()).toBe(T0 + 30_000);
  });

  it("does not suppress at exactly the threshold or above", () => {
    const e = lone();
    e.overrideTrust("a", 0.42, "setup", T0);
    fail(e, T0); // 0.357
    expect(e.agent("a")?.status).toBe("active");
  });

  it("moves to probation when the suppression expires", () => {
    const e = lone();
    e.overrideTrust("a", 0.4, "setup", T0);
    fail(e, T0);
    expect(e.advance(T0 + 29_999)).toEqual([]);
    const events = e.advance(T0 + 30_000);
    expect(types(events)).toEqual(["agent.probation"]);
    expect(events[0]?.data).toMatchObject({ maxConcurrent: 2, maxRisk: 0.3, successesNeeded: 3 });
    expect(e.agent("a")).toMatchObject({ status: "probation", suppressedUntil: null });
  });

  it("lasts 30 s × the suppression count: 30 s, 60 s, 90 s …, capped at 10 min", () => {
    const e = lone({ exclusionSuppressions: 100 });
    let now = T0;
    const durations: number[] = [];
    for (let i = 0; i < 3; i++) {
      e.overrideTrust("a", 0.4, "setup", now);
      const s = ofType(fail(e, now).events, "agent.suppressed")[0];
      durations.push(Number(s?.data.durationMs));
      now = Number(s?.data.until);
      e.advance(now);
    }
    expect(durations).toEqual([30_000, 60_000, 90_000]);
    expect(suppressionDurationMs(19, DEFAULT_CONFIG)).toBe(570_000);
    expect(suppressionDurationMs(20, DEFAULT_CONFIG)).toBe(600_000);
    expect(suppressionDurationMs(21, DEFAULT_CONFIG)).toBe(600_000);
    expect(suppressionDurationMs(100, DEFAULT_CONFIG)).toBe(600_000);
  });

  it("forgives one suppression per full hour without one", () => {
    const e = lone({ exclusionSuppressions: 100 });
    e.suppress("a", "one", T0);
    e.advance(T0 + 30_000);
    e.suppress("a", "two", T0 + 60_000);
    expect(e.agent("a")?.suppressionCount).toBe(2);
    expect(e.advance(T0 + 60_000 + HOUR - 1).filter((x) => x.type === "agent.updated")).toEqual([]);
    const forgiven = ofType(e.advance(T0 + 60_000 + HOUR), "agent.updated");
    expect(forgiven[0]?.data).toMatchObject({ reason: "forgiveness", forgiven: 1, suppressionCount: 1 });
    expect(e.advance(T0 + 60_000 + 2 * HOUR - 1).some((x) => x.type === "agent.updated")).toBe(false);
    e.advance(T0 + 60_000 + 2 * HOUR);
    expect(e.agent("a")?.suppressionCount).toBe(0);
    // A clean slate: the next suppression is a first one again.
    const again = e.suppress("a", "three", T0 + 3 * HOUR);
    expect(again[0]?.data).toMatchObject({ count: 1, durationMs: 30_000 });
  });

  it("forgives lazily too, when advance was not called on the hour", () => {
    const e = lone({ exclusionSuppressions: 100 });
    e.suppress("a", "one", T0);
    e.advance(T0 + 30_000);
    const again = e.suppress("a", "two", T0 + HOUR + 5);
    expect(again[0]?.data).toMatchObject({ count: 1, durationMs: 30_000 });
  });

  it("redeems after 3 consecutive successes on probation, with trust lifted to 0.45", () => {
    const e = lone();
    e.overrideTrust("a", 0.4, "setup", T0);
    fail(e, T0);
    e.advance(T0 + 30_000);
    const now = T0 + 30_000;
    succeed(e, now);
    succeed(e, now);
    expect(e.agent("a")?.status).toBe("probation");
    const { events } = succeed(e, now);
    // 0.34 → 0.373 → 0.40435 → 0.4341325, then the redemption floor of 0.35 + 0.1
    expect(e.agent("a")?.status).toBe("active");
    expect(e.agent("a")?.trust).toBeCloseTo(0.45, 12);
    const reinstated = ofType(events, "agent.reinstated")[0];
    expect(reinstated?.data).toMatchObject({ by: "redemption" });
    const lift = ofType(events, "trust.updated").find((x) => x.data.reason === "redemption");
    expect(lift?.data.before).toBeCloseTo(0.434_132_5, 12);
  });

  it("keeps a higher trust on redemption", () => {
    const e = lone();
    e.suppress("a", "pause", T0);
    e.advance(T0 + 30_000);
    for (let i = 0; i < 3; i++) succeed(e, T0 + 30_000);
    expect(e.agent("a")?.status).toBe("active");
    expect(e.agent("a")?.trust).toBeCloseTo(0.5 + 0.5 * (1 - 0.95 ** 3), 12);
  });

  it("re-suppresses on any failure during probation, even above the threshold", () => {
    const e = lone();
    e.overrideTrust("a", 0.4, "setup", T0);
    fail(e, T0);
    e.advance(T0 + 30_000);
    e.overrideTrust("a", 0.8, "setup", T0 + 30_000);
    const { events } = fail(e, T0 + 30_000);
    expect(e.agent("a")?.trust).toBeCloseTo(0.68, 12);
    const s = ofType(events, "agent.suppressed")[0];
    expect(s?.data).toMatchObject({ count: 2, durationMs: 60_000, cause: "probation_failure" });
    expect(e.agent("a")?.status).toBe("suppressed");
  });

  it("excludes after 3 suppressions within 24 h; only an admin reinstates", () => {
    const e = lone();
    let now = T0;
    e.overrideTrust("a", 0.4, "setup", now);
    fail(e, now); // suppression 1
    now += 30_000;
    e.advance(now);
    fail(e, now); // failure on probation: suppression 2
    now += 60_000;
    e.advance(now);
    const { events } = fail(e, now); // suppression 3 → excluded
    expect(types(events)).toContain("agent.excluded");
    expect(types(events)).not.toContain("agent.suppressed");
    expect(ofType(events, "agent.excluded")[0]?.data).toMatchObject({
      suppressions: 3,
      windowMs: 86_400_000,
    });
    expect(e.agent("a")).toMatchObject({ status: "excluded", suppressedUntil: null });

    e.advance(now + 7 * 24 * HOUR);
    expect(e.agent("a")?.status).toBe("excluded");
    e.submit([task("waits")], now + 7 * 24 * HOUR);
    expect(e.tick(now + 7 * 24 * HOUR).holds[0]?.reason).toBe("no_capable_agent");

    const back = e.reinstate("a", "root cause fixed", now + 7 * 24 * HOUR);
    expect(back[0]).toMatchObject({
      type: "agent.reinstated",
      agentId: "a",
      data: { by: "admin", reason: "root cause fixed", from: "excluded" },
    });
    expect(e.agent("a")).toMatchObject({ status: "active", suppressionCount: 0, suppressions: [] });
  });

  it("does not exclude when the suppressions are more than 24 h apart", () => {
    const e = lone({ forgivenessMs: 30 * 24 * HOUR });
    let now = T0;
    for (let i = 0; i < 3; i++) {
      e.overrideTrust("a", 0.4, "setup", now);
      fail(e, now);
      now += 13 * HOUR;
      e.advance(now);
    }
    expect(e.agent("a")?.status).toBe("probation");
    expect(e.agent("a")?.suppressionCount).toBe(3);
  });

  it("lets a suppressed agent finish its running tasks and learns from them", () => {
    const e = lone();
    e.overrideTrust("a", 0.4, "setup", T0);
    e.submit([task("running"), task("failing", { maxAttempts: 1 })], T0);
    e.tick(T0);
    const failing = e.recordResult({ taskId: "failing", attempt: 1, outcome: "failure", latencyMs: 5 }, T0);
    expect(types(failing.events)).toContain("agent.suppressed");
    const done = e.recordResult({ taskId: "running", attempt: 1, outcome: "success", latencyMs: 5 }, T0 + 1);
    expect(done.accepted).toBe(true);
    expect(e.task("running")?.status).toBe("succeeded");
    expect(e.agent("a")).toMatchObject({ status: "suppressed", inFlight: 0 });
    expect(e.agent("a")?.trust).toBeCloseTo(0.34 + 0.05 * 0.66, 12);
  });

  it("manual suppression follows the same timing, is marked manual and never excludes", () => {
    const e = lone();
    const first = e.suppress("a", "maintenance", T0);
    expect(first[0]).toMatchObject({
      type: "agent.suppressed",
      agentId: "a",
      data: { manual: true, reason: "maintenance", durationMs: 30_000, count: 1 },
    });
    e.suppress("a", "again", T0 + 1);
    const third = e.suppress("a", "again", T0 + 2);
    expect(third[0]?.type).toBe("agent.suppressed");
    expect(third[0]?.data.durationMs).toBe(90_000);
    expect(e.agent("a")?.status).toBe("suppressed");
  });

  it("refuses reinstating an active agent and suppressing an excluded one", () => {
    const e = lone();
    expect(() => e.reinstate("a", "why", T0)).toThrow(GovernanceError);
    expect(() => e.reinstate("nope", "why", T0)).toThrow(/does not exist/);
    expect(() => e.suppress("a", " ", T0)).toThrow(/reason is required/);
  });

  it("never suppresses on a manual trust override", () => {
    const e = lone();
    const events = e.overrideTrust("a", 0.1, "distrust", T0);
    expect(types(events)).toEqual(["trust.updated"]);
    expect(events[0]?.data).toMatchObject({ before: 0.5, after: 0.1, reason: "distrust", manual: true });
    expect(e.agent("a")?.status).toBe("active");
  });
});

describe("blast-radius guard", () => {
  it("opens the circuit instead of suppressing more than half of a capability's agents", () => {
    const e = engineWith([agent("a", { capabilities: ["code"] }), agent("b", { capabilities: ["code"] })]);
    e.overrideTrust("a", 0.4, "setup", T0);
    e.overrideTrust("b", 0.3, "setup", T0);
    const first = runTask(e, "t1", "failure", T0, { task: { maxAttempts: 1, capabilities: ["code"] } });
    expect(first.agentId).toBe("a");
    expect(types(first.events)).toContain("agent.suppressed"); // 1 of 2 is not more than half

    e.overrideTrust("b", 0.4, "setup", T0);
    const second = runTask(e, "t2", "failure", T0, { task: { maxAttempts: 1, capabilities: ["code"] } });
    expect(second.agentId).toBe("b");
    expect(types(second.events)).not.toContain("agent.suppressed");
    const opened = ofType(second.events, "circuit.opened")[0];
    expect(opened).toMatchObject({
      agentId: "b",
      data: { reason: "blast_radius", capability: "code", suppressed: 1, pool: 2 },
    });
    expect(e.agent("b")?.status).toBe("active");
    expect(e.circuit.state).toBe("open");
  });

  it("checks every capability of the agent, and ignores excluded agents", () => {
    const e = engineWith([
      agent("a", { capabilities: ["code", "sql"] }),
      agent("b", { capabilities: ["code"] }),
      agent("c", { capabilities: ["code"] }),
    ]);
    // a is the only sql agent: suppressing it would take out all of sql.
    e.overrideTrust("a", 0.4, "setup", T0);
    const r = runTask(e, "t", "failure", T0, { task: { maxAttempts: 1, capabilities: ["sql"] } });
    expect(ofType(r.events, "circuit.opened")[0]?.data).toMatchObject({
      capability: "sql",
      pool: 1,
      suppressed: 0,
    });
  });

  it("treats an agent without capabilities as part of the whole fleet's pool", () => {
    const e = engineWith([
      agent("a"),
      agent("b", { capabilities: ["x"] }),
      agent("c", { capabilities: ["y"] }),
    ]);
    e.suppress("b", "x", T0);
    e.overrideTrust("a", 0.4, "setup", T0);
    e.overrideTrust("c", 0.38, "setup", T0);
    const r = runTask(e, "t", "failure", T0, { task: { maxAttempts: 1 } });
    // pool of 3, 1 already suppressed: 2 > 1.5 → refused
    expect(ofType(r.events, "circuit.opened")[0]?.data).toMatchObject({
      capability: null,
      pool: 3,
      suppressed: 1,
    });
  });
});
