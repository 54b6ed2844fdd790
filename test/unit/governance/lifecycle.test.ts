import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { GovernanceError } from "../../../shared/governance";
import { agent, engineWith, finish, ofType, T0, task, types } from "./helpers";

describe("task lifecycle", () => {
  it("submits tasks as queued with task.created", () => {
    const e = engineWith([]);
    const events = e.submit([task("t1", { maxAttempts: 5 }), task("t2")], T0);
    expect(types(events)).toEqual(["task.created", "task.created"]);
    expect(events[0]).toMatchObject({ taskId: "t1", data: { maxAttempts: 5 } });
    expect(e.task("t2")).toMatchObject({ status: "queued", maxAttempts: 3, attempts: [], createdAt: T0 });
    expect(e.openCounts()).toEqual({ queued: 2, assigned: 0 });
  });

  it("rejects invalid or duplicate tasks without taking any of the batch", () => {
    const e = engineWith([]);
    e.submit([task("t1")], T0);
    expect(() => e.submit([task("t2"), task("t1")], T0)).toThrow(GovernanceError);
    try {
      e.submit([task("ok"), task("bad", { impact: 2 })], T0);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ZodError);
      const issue = (err as ZodError).issues[0];
      expect(issue?.path).toEqual([1, "impact"]);
      expect(issue?.message).toBe("impact must be at most 1");
    }
    expect(() => e.submit([task("bad", { risk: Number.NaN })], T0)).toThrow(/risk/);
    expect(() => e.submit([task("bad", { maxAttempts: 0 })], T0)).toThrow(/maxAttempts must be at least 1/);
    expect(e.tasks().map((t) => t.id)).toEqual(["t1"]);
  });

  it("rejects a duplicate agent id", () => {
    const e = engineWith([agent("a")]);
    expect(() => e.registerAgent(agent("a"), T0)).toThrow(expect.objectContaining({ code: "agent_exists" }));
    expect(() => e.registerAgent(agent("b", { maxConcurrency: 0 }), T0)).toThrow(/maxConcurrency/);
  });

  it("completes on success with agentId, attempt, outcome and latency", () => {
    const e = engineWith([agent("a")]);
    e.submit([task("t")], T0);
    e.tick(T0);
    const r = finish(e, "t", "success", T0 + 500, 420);
    expect(ofType(r.events, "task.completed")[0]).toMatchObject({
      taskId: "t",
      agentId: "a",
      data: { agentId: "a", attempt: 1, outcome: "success", latencyMs: 420, slow: false },
    });
    expect(e.task("t")).toMatchObject({ status: "succeeded", finishedAt: T0 + 500 });
    expect(e.agent("a")?.inFlight).toBe(0);
  });

  it("fails after maxAttempts failures", () => {
    const e = engineWith([agent("a")], { blastRadiusMaxShare: 1 });
    e.submit([task("t", { maxAttempts: 2 })], T0);
    e.tick(T0);
    expect(types(finish(e, "t", "failure", T0).events)).toContain("task.retried");
    e.tick(T0);
    const r = finish(e, "t", "timeout", T0);
    expect(ofType(r.events, "task.failed")[0]?.data).toMatchObject({
      reason: "timeout",
      attempts: 2,
      agentId: "a",
      attempt: 2,
      outcome: "timeout",
    });
    expect(e.task("t")).toMatchObject({ status: "failed", reason: "timeout" });
  });

  it("times out attempts past their deadline and re-queues them", () => {
    const e = engineWith([agent("a", { timeoutMs: 5_000 })]);
    e.submit([task("t")], T0);
    e.tick(T0);
    expect(e.nextWakeAt()).toBe(T0 + 5_000);
    expect(e.advance(T0 + 4_999)).toEqual([]);
    const events = e.advance(T0 + 5_000);
    expect(types(events)).toEqual(["task.retried", "trust.updated"]);
    expect(events[0]?.data).toMatchObject({
      outcome: "timeout",
      latencyMs: 5_000,
      attempt: 1,
      nextAttempt: 2,
    });
    expect(e.agent("a")).toMatchObject({ timeouts: 1, inFlight: 0 });
    expect(e.agent("a")?.trust).toBeCloseTo(0.425, 12);
    // The agent's late answer is stale now.
    expect(
      e.recordResult({ taskId: "t", attempt: 1, outcome: "success", latencyMs: 6_000 }, T0 + 6_000),
    ).toEqual({
      accepted: false,
      events: [],
    });
  });

  it("ignores duplicate, stale and unknown results without changing anything", () => {
    const e = engineWith([agent("a")]);
    e.submit([task("t")], T0);
    e.tick(T0);
    expect(finish(e, "t", "failure", T0).accepted).toBe(true);
    const before = e.snapshot();
    const dup = e.recordResult({ taskId: "t", attempt: 1, outcome: "failure", latencyMs: 1 }, T0 + 1);
    const future = e.recordResult({ taskId: "t", attempt: 2, outcome: "success", latencyMs: 1 }, T0 + 1);
    const unknown = e.recordResult({ taskId: "nope", attempt: 1, outcome: "success", latencyMs: 1 }, T0 + 1);
    for (const r of [dup, future, unknown]) expect(r).toEqual({ accepted: false, events: [] });
    expect(e.snapshot()).toEqual(before);
    e.tick(T0 + 2);
    expect(finish(e, "t", "success", T0 + 3).accepted).toBe(true);
    expect(
      e.recordResult({ taskId: "t", attempt: 2, outcome: "success", latencyMs: 1 }, T0 + 4).accepted,
    ).toBe(false);
  });

  it("rate_limited: no trust change, back off, re-queue without spending an attempt, up to 5 times", () => {
    const e = engineWith([agent("a")]);
    e.submit([task("t", { maxAttempts: 1 })], T0);
    let now = T0;
    for (let i = 1; i <= 5; i++) {
      const tick = e.tick(now);
      expect(tick.assignments).toHaveLength(1);
      const r = e.recordResult(
        {
          taskId: "t",
          attempt: tick.assignments[0]?.attempt ?? 0,
          outcome: "rate_limited",
          latencyMs: 3,
          retryAfterMs: 2_000,
        },
        now,
      );
      expect(types(r.events)).toEqual(["task.retried"]);
      expect(r.events[0]?.data).toMatchObject({
        consumesAttempt: false,
        retryAfterMs: 2_000,
        rateLimitRequeues: i,
      });
      expect(e.agent("a")).toMatchObject({ trust: 0.5, backoffUntil: now + 2_000, rateLimited: i });
      expect(e.tick(now + 1_999).holds).toEqual([{ taskId: "t", reason: "capacity" }]);
      expect(e.nextWakeAt()).toBe(now + 2_000);
      now += 2_000;
    }
    const last = e.tick(now);
    const r = e.recordResult(
      { taskId: "t", attempt: last.assignments[0]?.attempt ?? 0, outcome: "rate_limited", latencyMs: 3 },
      now,
    );
    expect(ofType(r.events, "task.failed")[0]?.data).toMatchObject({ reason: "rate_limited" });
    expect(e.task("t")).toMatchObject({ status: "failed", reason: "rate_limited", rateLimitRequeues: 5 });
    expect(e.agent("a")?.backoffUntil).toBe(now + 1_000); // default Retry-After: 1 s
  });

  it("rejected: no trust change, the task fails", () => {
    const e = engineWith([agent("a")]);
    e.submit([task("t")], T0);
    e.tick(T0);
    const r = e.recordResult(
      { taskId: "t", attempt: 1, outcome: "rejected", latencyMs: 3, detail: "bad input" },
      T0,
    );
    expect(types(r.events)).toEqual(["task.failed"]);
    expect(r.events[0]?.data).toMatchObject({ reason: "rejected", outcome: "rejected", detail: "bad input" });
    expect(e.agent("a")).toMatchObject({ trust: 0.5, rejected: 1 });
    expect(e.task("t")).toMatchObject({ status: "failed", reason: "rejected" });
  });

  it("release: back to queued, no attempt spent, no trust change", () => {
    const e = engineWith([agent("a")], { defaultMaxAttempts: 1 });
    e.submit([task("t")], T0);
    e.tick(T0);
    expect(e.release("t", 2, T0)).toEqual([]);
    const events = e.release("t", 1, T0);
    expect(events[0]).toMatchObject({
      type: "task.retried",
      data: { reason: "released", voided: true, attempt: 1 },
    });
    expect(e.task("t")).toMatchObject({ status: "queued" });
    expect(e.agent("a")).toMatchObject({ inFlight: 0, probationInFlight: 0, trust: 0.5 });
    expect(e.recordResult({ taskId: "t", attempt: 1, outcome: "success", latencyMs: 1 }, T0).accepted).toBe(
      false,
    );
    expect(e.tick(T0).assignments[0]).toMatchObject({ attempt: 2 });
    // A failure on attempt 2 still fails the task: the released attempt did not count, so 1 of 1 used.
    const r = finish(e, "t", "failure", T0);
    expect(ofType(r.events, "task.failed")[0]?.data).toMatchObject({ attempts: 1 });
  });

  it("abandon: dead-lettered attempts fail the task without blaming the agent", () => {
    const e = engineWith([agent("a")]);
    e.submit([task("t")], T0);
    e.tick(T0);
    expect(e.abandon("t", 9, "dlq", T0)).toEqual({ accepted: false, events: [] });
    const r = e.abandon("t", 1, "execution message dead-lettered", T0 + 1);
    expect(r.accepted).toBe(true);
    expect(r.events[0]).toMatchObject({
      type: "task.failed",
      taskId: "t",
      data: { reason: "execution message dead-lettered", deadLettered: true, agentId: "a", attempt: 1 },
    });
    expect(e.task("t")).toMatchObject({ status: "failed", reason: "execution message dead-lettered" });
    expect(e.agent("a")).toMatchObject({ trust: 0.5, inFlight: 0 });
    expect(e.abandon("t", 1, "again", T0 + 2).accepted).toBe(false);
  });

  it("cancel: queued or assigned → cancelled; terminal is a no-op; late results are ignored", () => {
    const e = engineWith([agent("a", { maxConcurrency: 1 })]);
    e.submit([task("run"), task("wait")], T0);
    e.tick(T0);
    expect(e.cancel("wait", "not needed", T0)[0]).toMatchObject({
      type: "task.cancelled",
      taskId: "wait",
      data: { reason: "not needed", from: "queued" },
    });
    const c = e.cancel("run", "user asked", T0 + 1);
    expect(c[0]).toMatchObject({ data: { from: "assigned", agentId: "a", attempt: 1 } });
    expect(e.agent("a")?.inFlight).toBe(0);
    expect(e.task("run")).toMatchObject({ status: "cancelled", reason: "user asked", finishedAt: T0 + 1 });
    expect(e.cancel("run", "again", T0 + 2)).toEqual([]);
    expect(finish(e, "run", "success", T0 + 3).accepted).toBe(false);
    expect(() => e.cancel("nope", "x", T0)).toThrow(expect.objectContaining({ code: "task_not_found" }));
  });

  it("removeAgent: its running tasks go back to queued, and its late results are ignored", () => {
    const e = engineWith([agent("a"), agent("b")], { defaultMaxAttempts: 1 });
    e.overrideTrust("a", 0.9, "t", T0);
    e.submit([task("t1"), task("t2")], T0);
    expect(e.tick(T0).assignments.map((x) => x.agentId)).toEqual(["a", "a"]);
    const events = e.removeAgent("a", T0 + 1);
    expect(types(events)).toEqual(["agent.removed", "task.retried", "task.retried"]);
    expect(events[0]?.data).toMatchObject({ requeued: ["t1", "t2"] });
    expect(e.agent("a")).toBeUndefined();
    expect(e.openCounts()).toEqual({ queued: 2, assigned: 0 });
    expect(
      e.recordResult({ taskId: "t1", attempt: 1, outcome: "success", latencyMs: 1 }, T0 + 2).accepted,
    ).toBe(false);
    const tick = e.tick(T0 + 2);
    expect(tick.assignments.map((x) => [x.taskId, x.agentId, x.attempt])).toEqual([
      ["t1", "b", 2],
      ["t2", "b", 2],
    ]);
    expect(() => e.removeAgent("a", T0)).toThrow(GovernanceError);
  });

  it("updateAgent: reports changes; a lower maxConcurrency stops new work", () => {
    const e = engineWith([agent("a")]);
    const events = e.updateAgent("a", { maxConcurrency: 1, name: "Alpha" }, T0);
    expect(events[0]).toMatchObject({
      type: "agent.updated",
      agentId: "a",
      data: {
        reason: "patch",
        changes: { maxConcurrency: { from: 4, to: 1 }, name: { from: "a", to: "Alpha" } },
      },
    });
    expect(e.updateAgent("a", { name: "Alpha" }, T0)).toEqual([]);
    e.submit([task("t1"), task("t2")], T0);
    expect(e.tick(T0).assignments).toHaveLength(1);
  });

  it("pruneTerminal drops finished tasks only", () => {
    const e = engineWith([agent("a")]);
    e.submit([task("done"), task("open", { capabilities: ["x"] })], T0);
    e.tick(T0);
    finish(e, "done", "success", T0);
    expect(e.pruneTerminal()).toEqual(["done"]);
    expect(e.tasks().map((t) => t.id)).toEqual(["open"]);
    expect(
      e.recordResult({ taskId: "done", attempt: 1, outcome: "success", latencyMs: 1 }, T0).accepted,
    ).toBe(false);
  });

  it("reads return copies", () => {
    const e = engineWith([agent("a")]);
    const copy = e.agent("a");
    if (copy) copy.trust = 1;
    expect(e.agent("a")?.trust).toBe(0.5);
  });

  it("setConfig reports changes, resets the threshold when trustThreshold changes, re-clamps otherwise", () => {
    const e = engineWith([agent("a")]);
    const c = { ...e.config, trustThreshold: 0.7 };
    const events = e.setConfig(c, T0);
    expect(events[0]).toMatchObject({
      type: "config.updated",
      data: {
        changes: { trustThreshold: { from: 0.6, to: 0.7 } },
        thresholdBefore: 0.6,
        thresholdAfter: 0.7,
      },
    });
    expect(e.threshold).toBe(0.7);
    e.setConfig({ ...e.config, thresholdMax: 0.65, trustThreshold: 0.65 }, T0);
    expect(e.threshold).toBe(0.65);
    e.setConfig({ ...e.config, thresholdMax: 0.9, thresholdMin: 0.55 }, T0);
    expect(e.threshold).toBe(0.65);
    expect(e.setConfig(e.config, T0)).toEqual([]);
    expect(() => e.setConfig({ ...e.config, penaltyRate: 0.01 }, T0)).toThrow(/penaltyRate/);
  });
});
