import { describe, expect, it } from "vitest";
import { agent, engineWith, ofType, T0, task } from "./helpers";

const MINUTE = 60_000;

describe("queue timeout", () => {
  it("fails a task no agent is trusted enough for once it has waited queueTimeoutMs, with the hold that kept it", () => {
    const engine = engineWith([agent("a1")], { queueTimeoutMs: 10 * MINUTE });
    // Initial trust 0.5 cannot pass the gate for risk 0.9 (0.6 + 0.2 × 0.9), and probation-level
    // work is capped at risk 0.3: nothing will ever take this task.
    engine.submit([task("risky", { risk: 0.9 })], T0);
    expect(engine.tick(T0).holds).toEqual([{ taskId: "risky", reason: "trust_gate" }]);
    expect(engine.nextWakeAt()).toBe(T0 + 10 * MINUTE);

    expect(ofType(engine.tick(T0 + 10 * MINUTE - 1).events, "task.failed")).toHaveLength(0);
    const events = engine.tick(T0 + 10 * MINUTE).events;
    const failed = ofType(events, "task.failed");
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      taskId: "risky",
      data: { reason: "queue_timeout", holdReason: "trust_gate", waitedMs: 10 * MINUTE, attempts: 0 },
    });
    expect(engine.task("risky")).toMatchObject({ status: "failed", reason: "queue_timeout" });
    expect(engine.openCounts()).toEqual({ queued: 0, assigned: 0 });
    expect(engine.nextWakeAt()).toBeNull();
  });

  it("counts from submission, so a retried task does not get a fresh wait", () => {
    const engine = engineWith([agent("a1")], {
      queueTimeoutMs: 10 * MINUTE,
      trustThreshold: 0.5,
      initialTrust: 0.65,
    });
    engine.submit([task("t1", { risk: 0.5 })], T0);
    const [a] = engine.tick(T0).assignments;
    expect(a?.agentId).toBe("a1");
    // A failure re-queues it 9 minutes in; trust 0.5525 is now below the gate (0.6).
    engine.recordResult({ taskId: "t1", attempt: 1, outcome: "failure", latencyMs: 100 }, T0 + 9 * MINUTE);
    expect(engine.task("t1")?.status).toBe("queued");
    engine.tick(T0 + 10 * MINUTE - 1);
    expect(engine.task("t1")?.status).toBe("queued");
    engine.tick(T0 + 10 * MINUTE);
    expect(engine.task("t1")).toMatchObject({ status: "failed", reason: "queue_timeout" });
  });

  it("leaves tasks that are assigned alone", () => {
    const engine = engineWith([agent("a1", { timeoutMs: 10 * MINUTE })], {
      queueTimeoutMs: MINUTE,
      trustThreshold: 0.5,
    });
    engine.submit([task("t1")], T0);
    expect(engine.tick(T0).assignments).toHaveLength(1);
    engine.tick(T0 + 2 * MINUTE);
    expect(engine.task("t1")?.status).toBe("assigned");
  });

  it("is a validated config field: at least 1 ms, at most 7 days", () => {
    expect(() => engineWith([], { queueTimeoutMs: 0 })).toThrow();
  });
});
