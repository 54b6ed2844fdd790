import { describe, expect, it } from "vitest";
import type { GovernanceEngine } from "../../../shared/governance";
import { agent, cfg, engineWith, feed, finish, ofType, T0, task, types } from "./helpers";

/** Suppression is switched off so that only the breaker reacts to failures. */
function fleet() {
  const e = engineWith([agent("a", { maxConcurrency: 50 })], { suppressionThreshold: 0.01 });
  e.overrideTrust("a", 0.99, "setup", T0);
  return e;
}

function openIt(e: GovernanceEngine, now = T0) {
  return feed(
    e,
    [
      "success",
      "success",
      "success",
      "success",
      "failure",
      "failure",
      "failure",
      "failure",
      "failure",
      "failure",
    ],
    now,
  );
}

describe("circuit breaker", () => {
  it("opens when more than half of at least 10 results failed", () => {
    const e = fleet();
    expect(types(feed(e, Array(9).fill("failure"), T0))).not.toContain("circuit.opened");
    const events = feed(e, ["failure"], T0 + 5);
    const opened = ofType(events, "circuit.opened")[0];
    expect(opened?.data).toMatchObject({
      reason: "failure_rate",
      failureRate: 1,
      samples: 10,
      cooldownMs: 30_000,
      reopenAt: T0 + 5 + 30_000,
    });
    expect(e.circuit).toMatchObject({ state: "open", openedAt: T0 + 5, reopenAt: T0 + 30_005 });
  });

  it("stays closed at exactly 50% and looks at the last 20 results only", () => {
    const e = fleet();
    feed(e, [...Array(5).fill("success"), ...Array(5).fill("failure")], T0);
    expect(e.circuit.state).toBe("closed");
    feed(e, Array(15).fill("success"), T0);
    expect(e.circuit.window).toHaveLength(20);
    // The window is now 5 failures then 15 successes; six failures push the old failures out.
    feed(e, Array(6).fill("failure"), T0);
    expect(e.circuit.state).toBe("closed"); // 6 of 20
    // The 11th failure among the last 20 opens it.
    const events = feed(e, Array(6).fill("failure"), T0);
    expect(ofType(events, "circuit.opened")[0]?.data.failureRate).toBeCloseTo(0.55, 12);
  });

  it("ignores rate-limited and rejected results", () => {
    const e = fleet();
    feed(e, [...Array(20).fill("rejected")], T0);
    expect(e.circuit.window).toEqual([]);
  });

  it("holds every task while open, then half-opens after 30 s for up to 3 low-risk probes", () => {
    const e = fleet();
    openIt(e);
    e.overrideTrust("a", 0.99, "setup", T0);
    e.submit([task("p1"), task("p2"), task("p3"), task("p4"), task("risky", { risk: 0.5 })], T0 + 1);
    const held = e.tick(T0 + 1);
    expect(held.assignments).toEqual([]);
    expect(held.holds.every((h) => h.reason === "circuit_open")).toBe(true);
    expect(e.nextWakeAt()).toBe(T0 + 30_000);
    expect(e.advance(T0 + 29_999)).toEqual([]);

    const tick = e.tick(T0 + 30_000);
    expect(types(tick.events)[0]).toBe("circuit.half_opened");
    expect(tick.assignments.map((x) => x.taskId).sort()).toEqual(["p1", "p2", "p3"]);
    expect(tick.assignments.every((x) => x.probe)).toBe(true);
    expect(tick.holds).toEqual(
      expect.arrayContaining([
        { taskId: "p4", reason: "circuit_open" },
        { taskId: "risky", reason: "circuit_open" },
      ]),
    );
    expect(e.circuit).toMatchObject({ state: "half_open", probesInFlight: 3 });

    finish(e, "p1", "success", T0 + 30_001);
    finish(e, "p2", "success", T0 + 30_001);
    expect(e.circuit.state).toBe("half_open");
    // A finished probe does not free its slot for another: three probes in total.
    expect(e.tick(T0 + 30_001).assignments).toEqual([]);
    const closing = finish(e, "p3", "success", T0 + 30_002);
    expect(types(closing.events)).toContain("circuit.closed");
    expect(e.circuit).toMatchObject({ state: "closed", window: [], cooldownMs: 30_000, openedAt: null });
    expect(
      e
        .tick(T0 + 30_002)
        .assignments.map((x) => x.taskId)
        .sort(),
    ).toEqual(["p4", "risky"]);
  });

  it("reopens on a failed probe with the cooldown doubled, capped at 10 minutes", () => {
    const e = fleet();
    openIt(e);
    let now = T0;
    const cooldowns: number[] = [];
    for (let i = 0; i < 7; i++) {
      now = e.circuit.reopenAt ?? now;
      e.submit([task(`probe${i}`, { maxAttempts: 1 })], now);
      const tick = e.tick(now);
      expect(tick.assignments[0]?.probe).toBe(true);
      const events = finish(e, `probe${i}`, i % 2 ? "timeout" : "failure", now).events;
      const opened = ofType(events, "circuit.opened")[0];
      expect(opened?.data.reason).toBe("probe_failed");
      cooldowns.push(e.circuit.cooldownMs);
    }
    expect(cooldowns).toEqual([60_000, 120_000, 240_000, 480_000, 600_000, 600_000, 600_000]);
  });

  it("lets stragglers update trust without moving the breaker", () => {
    const e = fleet();
    e.submit([task("straggler")], T0);
    e.tick(T0);
    openIt(e, T0);
    const window = e.circuit.window;
    const before = e.agent("a")?.trust ?? 0;
    const r = finish(e, "straggler", "success", T0 + 1);
    expect(r.accepted).toBe(true);
    expect(e.agent("a")?.trust).toBeGreaterThan(before);
    expect(e.circuit).toMatchObject({ state: "open", window });

    // and during half-open, a non-probe failure is not a failed probe
    e.submit([task("late")], T0 + 2);
    const probeTick = e.tick(T0 + 30_000);
    expect(probeTick.assignments[0]?.probe).toBe(true);
    expect(e.circuit.state).toBe("half_open");
  });

  it("cancelling a probe frees its slot", () => {
    const e = fleet();
    openIt(e);
    e.overrideTrust("a", 0.99, "setup", T0);
    e.submit([task("p1"), task("p2"), task("p3"), task("p4")], T0 + 30_000);
    e.tick(T0 + 30_000);
    e.cancel("p1", "no longer needed", T0 + 30_001);
    expect(e.circuit.probesInFlight).toBe(2);
    expect(e.tick(T0 + 30_001).assignments.map((x) => x.taskId)).toEqual(["p4"]);
  });

  it("takes a shorter configured cooldown at once while closed, but keeps an open breaker's doubled wait", () => {
    const e = fleet();
    e.setConfig(cfg({ suppressionThreshold: 0.01, circuitCooldownMs: 3_000 }), T0);
    expect(e.circuit.cooldownMs).toBe(3_000);
    const opened = ofType(openIt(e), "circuit.opened")[0];
    expect(opened?.data).toMatchObject({ cooldownMs: 3_000 });
    // While open, lowering the setting again does not cut short the wait already announced.
    e.setConfig(cfg({ suppressionThreshold: 0.01, circuitCooldownMs: 1_000 }), T0 + 10);
    expect(e.circuit.cooldownMs).toBe(3_000);
  });
});
