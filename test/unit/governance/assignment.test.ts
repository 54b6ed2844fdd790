import { describe, expect, it } from "vitest";
import { GovernanceEngine } from "../../../shared/governance";
import { agent, cfg, engineWith, finish, ofType, T0, task } from "./helpers";

describe("assignment", () => {
  it("gives a new agent (trust 0.5, below the 0.6 gate) provisional access to low-risk tasks", () => {
    const e = engineWith([agent("a", { maxConcurrency: 4 })]);
    e.submit([task("t1", { risk: 0.3 }), task("t2"), task("t3"), task("risky", { risk: 0.31 })], T0);
    const tick = e.tick(T0);
    expect(tick.assignments).toHaveLength(2);
    expect(tick.assignments.every((x) => x.agentId === "a")).toBe(true);
    expect(e.agent("a")?.probationInFlight).toBe(2);
    const holds = Object.fromEntries(tick.holds.map((h) => [h.taskId, h.reason]));
    expect(holds.risky).toBe("trust_gate");
    expect(Object.values(holds).filter((r) => r === "capacity")).toHaveLength(1);
    const assigned = ofType(tick.events, "task.assigned")[0];
    expect(assigned?.data).toMatchObject({ provisional: true, probe: false, agentId: "a", attempt: 1 });
  });

  it("keeps probation agents under the probation rules whatever their trust", () => {
    const e = engineWith([agent("a"), agent("b"), agent("c")]);
    e.suppress("a", "maintenance", T0);
    e.advance(T0 + 30_000);
    expect(e.agent("a")?.status).toBe("probation");
    e.overrideTrust("a", 0.95, "trusted", T0 + 30_000);
    e.removeAgent("b", T0 + 30_000);
    e.removeAgent("c", T0 + 30_000);
    e.submit([task("high", { risk: 0.5 }), task("l1"), task("l2"), task("l3")], T0 + 30_000);
    const tick = e.tick(T0 + 30_000);
    expect(tick.assignments.map((x) => x.taskId).sort()).toEqual(["l1", "l2"]);
    expect(tick.holds).toContainEqual({ taskId: "high", reason: "trust_gate" });
    expect(tick.holds).toContainEqual({ taskId: "l3", reason: "capacity" });
    expect(e.task("l1")?.attempts[0]?.provisional).toBe(true);
  });

  it("picks the highest trust − 0.1·load, ties by id", () => {
    const e = engineWith([agent("a"), agent("b"), agent("c")]);
    e.overrideTrust("a", 0.8, "t", T0);
    e.overrideTrust("b", 0.77, "t", T0);
    e.overrideTrust("c", 0.77, "t", T0);
    e.submit([task("x1"), task("x2")], T0);
    // a (0.80) takes x1; a then scores 0.80 − 0.1·1/4 = 0.775 > 0.77, so it takes x2 as well.
    expect(e.tick(T0).assignments.map((x) => x.agentId)).toEqual(["a", "a"]);
    e.submit([task("x3")], T0);
    // a now scores 0.80 − 0.05 = 0.75 < 0.77: b and c tie, b wins by id.
    expect(e.tick(T0).assignments.map((x) => x.agentId)).toEqual(["b"]);
  });

  it("ranks drifting agents after all healthy ones", () => {
    const e = engineWith([agent("a"), agent("b")]);
    e.overrideTrust("a", 0.9, "t", T0);
    e.overrideTrust("b", 0.62, "t", T0);
    // Two failures take a from 0.9 to 0.65: a trust drop of 0.25 flags drift.
    for (const id of ["f1", "f2"]) {
      e.submit([task(id, { maxAttempts: 1 })], T0);
      e.tick(T0);
      finish(e, id, "failure", T0);
    }
    expect(e.agent("a")?.drifting).toBe(true);
    expect(e.agent("a")?.trust).toBeGreaterThan(e.agent("b")?.trust ?? 1);
    e.submit([task("next")], T0);
    expect(e.tick(T0).assignments[0]?.agentId).toBe("b");
  });

  it("retries on another agent, and waits for it rather than reuse the failed one", () => {
    const e = engineWith([
      agent("a", { maxConcurrency: 1 }),
      agent("b", { maxConcurrency: 1, capabilities: ["x"] }),
    ]);
    e.overrideTrust("a", 0.9, "t", T0);
    e.overrideTrust("b", 0.7, "t", T0);
    e.submit([task("t")], T0);
    expect(e.tick(T0).assignments[0]?.agentId).toBe("a");
    const r = finish(e, "t", "failure", T0);
    expect(ofType(r.events, "task.retried")[0]?.data).toMatchObject({
      agentId: "a",
      attempt: 1,
      outcome: "failure",
      latencyMs: 100,
      nextAttempt: 2,
    });
    e.submit([task("busy-b", { urgency: 1, capabilities: ["x"] })], T0);
    const tick = e.tick(T0);
    expect(tick.assignments).toEqual([expect.objectContaining({ taskId: "busy-b", agentId: "b" })]);
    expect(tick.holds).toEqual([{ taskId: "t", reason: "capacity" }]);
    finish(e, "busy-b", "success", T0);
    expect(e.tick(T0).assignments).toEqual([
      expect.objectContaining({ taskId: "t", agentId: "b", attempt: 2 }),
    ]);
  });

  it("retries on the same agent when it is the only one", () => {
    const e = engineWith([agent("a")]);
    e.submit([task("t")], T0);
    e.tick(T0);
    finish(e, "t", "failure", T0);
    expect(e.tick(T0).assignments).toEqual([
      expect.objectContaining({ taskId: "t", agentId: "a", attempt: 2 }),
    ]);
  });

  it("sets the deadline from the agent's timeout, or the default 30 s", () => {
    const e = engineWith([agent("a", { timeoutMs: 5_000, capabilities: ["x"] }), agent("b")]);
    e.submit([task("fast", { capabilities: ["x"] }), task("plain")], T0);
    const byTask = Object.fromEntries(e.tick(T0).assignments.map((x) => [x.taskId, x]));
    expect(byTask.fast?.deadline).toBe(T0 + 5_000);
    expect(byTask.plain).toMatchObject({ agentId: "b", deadline: T0 + 30_000, agentTaskNumber: 1 });
  });

  it("numbers each agent's tasks from 1", () => {
    const e = engineWith([agent("a")]);
    e.submit([task("t1"), task("t2")], T0);
    expect(e.tick(T0).assignments.map((x) => x.agentTaskNumber)).toEqual([1, 2]);
  });

  it("requires every capability of the task", () => {
    const e = engineWith([
      agent("a", { capabilities: ["code"] }),
      agent("b", { capabilities: ["code", "sql"] }),
    ]);
    e.submit([task("t", { capabilities: ["sql", "code"] })], T0);
    expect(e.tick(T0).assignments[0]?.agentId).toBe("b");
  });

  describe("hold reasons", () => {
    it("no_capable_agent when nobody usable covers the capabilities", () => {
      const e = engineWith([agent("a", { capabilities: ["code"] }), agent("b", { capabilities: ["sql"] })]);
      e.suppress("b", "maintenance", T0);
      e.submit([task("t1", { capabilities: ["vision"] }), task("t2", { capabilities: ["sql"] })], T0);
      const tick = e.tick(T0);
      expect(tick.holds).toEqual([
        { taskId: "t1", reason: "no_capable_agent" },
        { taskId: "t2", reason: "no_capable_agent" },
      ]);
      expect(e.task("t1")?.holdReason).toBe("no_capable_agent");
    });

    it("trust_gate when capable agents exist but none may take it", () => {
      const e = engineWith([agent("a")]);
      e.submit([task("t", { risk: 0.8 })], T0);
      expect(e.tick(T0).holds).toEqual([{ taskId: "t", reason: "trust_gate" }]);
    });

    it("capacity when eligible agents are busy or backing off", () => {
      const e = engineWith([agent("a", { maxConcurrency: 1 })]);
      e.submit([task("t1"), task("t2")], T0);
      expect(e.tick(T0).holds).toEqual([{ taskId: "t2", reason: "capacity" }]);
      finish(e, "t1", "rate_limited", T0);
      const tick = e.tick(T0 + 10);
      expect(tick.assignments).toEqual([]);
      expect(tick.holds.map((h) => h.reason)).toEqual(["capacity", "capacity"]);
    });

    it("circuit_open while the breaker is open", () => {
      const e = engineWith([agent("a"), agent("b")]);
      e.submit([task("t")], T0);
      e.tick(T0);
      e.suppress("b", "x", T0);
      // A lone-capability suppression would breach the blast radius and open the circuit.
      finish(e, "t", "failure", T0);
      e.overrideTrust("a", 0.2, "x", T0);
      e.submit([task("u")], T0);
      e.tick(T0);
      finish(e, "u", "failure", T0);
      expect(e.circuit.state).toBe("open");
      const tick = e.tick(T0 + 1);
      expect(tick.assignments).toEqual([]);
      expect(new Set(tick.holds.map((h) => h.reason))).toEqual(new Set(["circuit_open"]));
    });

    it("clears the hold reason once assigned", () => {
      const e = engineWith([]);
      e.submit([task("t")], T0);
      e.tick(T0);
      expect(e.task("t")?.holdReason).toBe("no_capable_agent");
      e.registerAgent(agent("a"), T0);
      e.tick(T0);
      expect(e.task("t")).toMatchObject({ status: "assigned", holdReason: null });
    });
  });

  it("never assigns to suppressed or excluded agents", () => {
    const e = engineWith([agent("a"), agent("b"), agent("c")]);
    e.suppress("a", "x", T0);
    e.submit([task("t1"), task("t2"), task("t3"), task("t4"), task("t5")], T0);
    const used = new Set(e.tick(T0).assignments.map((x) => x.agentId));
    expect(used.has("a")).toBe(false);
  });

  describe("exploration", () => {
    function run(seed: number) {
      const e = new GovernanceEngine(cfg({ exploration: true, explorationSeed: seed }), { now: T0 });
      for (const id of ["a", "b", "c", "d"]) e.registerAgent(agent(id, { maxConcurrency: 100 }), T0);
      e.overrideTrust("a", 0.9, "t", T0);
      const picks: string[] = [];
      for (let i = 0; i < 60; i++) {
        e.submit([task(`t${i}`)], T0 + i);
        const tick = e.tick(T0 + i);
        const assigned = tick.assignments[0];
        if (!assigned) throw new Error("not assigned");
        picks.push(assigned.agentId);
        e.recordResult({ taskId: assigned.taskId, attempt: 1, outcome: "success", latencyMs: 5 }, T0 + i);
      }
      return picks;
    }

    it("is deterministic for a seed and spreads work beyond the most trusted agent", () => {
      const first = run(7);
      expect(run(7)).toEqual(first);
      expect(new Set(first).size).toBeGreaterThan(1);
      expect(run(8)).not.toEqual(first);
    });
  });
});
