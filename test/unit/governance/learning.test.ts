import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, trustAfter } from "../../../shared/governance";
import { agent, engineWith, ofType, runTask, T0 } from "./helpers";

describe("asymmetric learning", () => {
  it("moves trust by η toward 1 on success and by γ toward 0 on failure", () => {
    expect(trustAfter(0.5, "success", false, DEFAULT_CONFIG)).toBeCloseTo(0.525, 12);
    expect(trustAfter(0.5, "failure", false, DEFAULT_CONFIG)).toBeCloseTo(0.425, 12);
    expect(trustAfter(0.5, "timeout", false, DEFAULT_CONFIG)).toBeCloseTo(0.425, 12);
    expect(trustAfter(0.5, "success", true, DEFAULT_CONFIG)).toBeCloseTo(0.5125, 12);
    expect(trustAfter(0.5, "rate_limited", false, DEFAULT_CONFIG)).toBe(0.5);
    expect(trustAfter(0.5, "rejected", false, DEFAULT_CONFIG)).toBe(0.5);
    expect(trustAfter(1, "success", false, DEFAULT_CONFIG)).toBe(1);
    expect(trustAfter(0, "failure", false, DEFAULT_CONFIG)).toBe(0);
  });

  it("applies the update to the agent and reports it", () => {
    const e = engineWith([agent("a")]);
    const { events } = runTask(e, "t1", "success", T0);
    expect(e.agent("a")?.trust).toBeCloseTo(0.525, 12);
    const [update] = ofType(events, "trust.updated");
    expect(update?.agentId).toBe("a");
    expect(update?.taskId).toBe("t1");
    expect(update?.data).toMatchObject({ before: 0.5, outcome: "success", slow: false });
    expect(update?.data.after).toBeCloseTo(0.525, 12);

    runTask(e, "t2", "failure", T0 + 1, { task: { maxAttempts: 1 } });
    expect(e.agent("a")?.trust).toBeCloseTo(0.525 * 0.85, 12);
  });

  it("counts a success slower than the agent's slowMs as slow, for η/2", () => {
    const e = engineWith([agent("a", { slowMs: 2_000 })]);
    const { events } = runTask(e, "t1", "success", T0, { latencyMs: 2_001 });
    expect(e.agent("a")?.trust).toBeCloseTo(0.5125, 12);
    expect(e.agent("a")?.slowSuccesses).toBe(1);
    expect(e.agent("a")?.successes).toBe(1);
    expect(ofType(events, "task.completed")[0]?.data).toMatchObject({ slow: true, latencyMs: 2_001 });
    runTask(e, "t2", "success", T0, { latencyMs: 2_000 });
    expect(e.agent("a")?.slowSuccesses).toBe(1);
  });

  it("uses config.slowMs (10 s) when the agent has none", () => {
    const e = engineWith([agent("a")]);
    runTask(e, "t1", "success", T0, { latencyMs: 10_001 });
    expect(e.agent("a")?.slowMs).toBe(10_000);
    expect(e.agent("a")?.trust).toBeCloseTo(0.5125, 12);
  });
});
