import { beforeAll, describe, expect, inject, it } from "vitest";
import { execute } from "../../worker/executors";
import { callHttpAgent, USER_AGENT } from "../../worker/executors/http";
import type { ExecutionMessage } from "../../worker/executors/types";
import type { RecordedRequest } from "../helpers/agent-server";
import { caseName, RESPONSE_CASES } from "../unit/executors/conformance";

// The fake agent runs in Node (see test/agent-server.global.ts); its origin reaches workerd
// through vitest's provide/inject.
const origin = inject("agentServerOrigin");
const unreachable = inject("agentServerUnreachableOrigin");

let counter = 0;
function message(path: string, timeoutMs = 5_000): ExecutionMessage {
  counter += 1;
  return {
    tenantId: "tenant_int",
    taskId: `task_int_${Date.now()}_${counter}`,
    attempt: 1,
    agentId: "agent_int",
    agentTaskNumber: counter,
    agent: { kind: "http", endpoint: `${origin}${path}`, timeoutMs, simulation: null },
    task: {
      impact: 0.7,
      urgency: 0.3,
      risk: 0.1,
      capabilities: ["summarise"],
      externalId: "ext-int",
      payload: { document: "d-1", pages: [1, 2] },
    },
  };
}

async function received(taskId: string): Promise<RecordedRequest[]> {
  const res = await fetch(`${origin}/_requests?taskId=${encodeURIComponent(taskId)}`);
  return res.json<RecordedRequest[]>();
}

describe("callHttpAgent inside workerd against a real HTTP agent", () => {
  beforeAll(() => {
    expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("2xx → success, and the agent received the task as JSON", async () => {
    const m = message("/ok");
    const result = await callHttpAgent(m);
    expect(result.outcome).toBe("success");
    expect(result.detail).toBe("HTTP 200");
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);

    const requests = await received(m.taskId);
    expect(requests).toHaveLength(1);
    const req = requests[0];
    expect(req?.method).toBe("POST");
    expect(req?.path).toBe("/ok");
    expect(req?.headers["content-type"]).toBe("application/json");
    expect(req?.headers["user-agent"]).toBe(USER_AGENT);
    expect(req?.headers["x-warden-task-id"]).toBe(m.taskId);
    expect(req?.headers["x-warden-attempt"]).toBe("1");
    expect(req?.body).toEqual({
      taskId: m.taskId,
      attempt: 1,
      tenantId: "tenant_int",
      externalId: "ext-int",
      impact: 0.7,
      urgency: 0.3,
      risk: 0.1,
      capabilities: ["summarise"],
      payload: { document: "d-1", pages: [1, 2] },
    });
  });

  it("429 with Retry-After: 2 → rate_limited, 2,000 ms", async () => {
    expect(await callHttpAgent(message("/rate-limited"))).toMatchObject({
      outcome: "rate_limited",
      retryAfterMs: 2_000,
      detail: "HTTP 429",
    });
  });

  it("500 → failure", async () => {
    expect(await callHttpAgent(message("/error"))).toMatchObject({ outcome: "failure", detail: "HTTP 500" });
  });

  it("400 → rejected", async () => {
    expect(await callHttpAgent(message("/reject"))).toMatchObject({
      outcome: "rejected",
      detail: "HTTP 400",
    });
  });

  it("/slow (1,500 ms) with timeoutMs 500 → timeout after ≈ 500 ms", async () => {
    const m = message("/slow", 500);
    const started = Date.now();
    const result = await callHttpAgent(m);
    const wall = Date.now() - started;
    expect(result.outcome).toBe("timeout");
    expect(result.detail).toBe("timeout after 500 ms");
    expect(result.latencyMs).toBeGreaterThanOrEqual(450);
    expect(result.latencyMs).toBeLessThan(1_500);
    expect(wall).toBeLessThan(1_500);
    // It did reach the agent before giving up.
    expect(await received(m.taskId)).toHaveLength(1);
  });

  it("/slow within the timeout → success after ≈ 1,500 ms", async () => {
    const result = await callHttpAgent(message("/slow", 5_000));
    expect(result.outcome).toBe("success");
    expect(result.latencyMs).toBeGreaterThanOrEqual(1_400);
  });

  it("an unreachable port → failure", async () => {
    const m = message("/ok");
    m.agent = { ...m.agent, endpoint: `${unreachable}/ok` };
    expect(await callHttpAgent(m)).toMatchObject({ outcome: "failure", detail: "network error" });
  });

  it("execute() dispatches an http agent to the same executor", async () => {
    expect(await execute(message("/ok"))).toMatchObject({ outcome: "success" });
  });

  it.each(RESPONSE_CASES.map((c) => [caseName(c), c] as const))("conformance: %s", async (_name, c) => {
    const query = c.retryAfter === undefined ? "" : `?retry-after=${encodeURIComponent(c.retryAfter)}`;
    const result = await callHttpAgent(message(`/status/${c.status}${query}`));
    expect(result.outcome).toBe(c.outcome);
    expect(result.retryAfterMs).toBe(c.retryAfterMs);
  });
});

describe("simulated agents inside workerd", () => {
  it("wait their latency on real timers", async () => {
    const m = message("/ok");
    m.agent = {
      kind: "simulated",
      endpoint: null,
      timeoutMs: 5_000,
      simulation: { successRate: 1, latencyMs: 200, seed: 1 },
    };
    const started = Date.now();
    const result = await execute(m);
    expect(result.outcome).toBe("success");
    expect(Date.now() - started).toBeGreaterThanOrEqual(result.latencyMs - 5);
  });
});
