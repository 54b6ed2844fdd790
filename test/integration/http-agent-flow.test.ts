import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, inject, it } from "vitest";
import type { ExecutionMessage } from "../../worker/executors/types";
import worker from "../../worker/index";
import { api, createTenant, type TaskBody, waitForTerminal } from "../helpers/api";

const origin = inject("agentServerOrigin");

let key: string;
let tenantId: string;

beforeAll(async () => {
  ({ key, tenantId } = await createTenant("Http Agents"));
});

describe("http agents through the whole loop", () => {
  it("a task reaches a real HTTP agent through the queue and succeeds", async () => {
    const agent = await api<{ id: string }>("/api/v1/agents", {
      key,
      body: { name: "echo", kind: "http", endpoint: `${origin}/ok`, capabilities: ["echo"], timeoutMs: 2000 },
    });
    expect(agent.status).toBe(201);
    const created = await api<TaskBody>("/api/v1/tasks", {
      key,
      body: { impact: 0.6, urgency: 0.4, risk: 0.1, capabilities: ["echo"], payload: { text: "hello" } },
    });
    const task = await waitForTerminal(key, created.body.id);
    expect(task.status).toBe("succeeded");
    expect(task.attempts[0]).toMatchObject({ agentId: agent.body.id, outcome: "success" });
    const seen = await (await fetch(`${origin}/_requests?taskId=${task.id}`)).json<
      { body: { payload: unknown } }[]
    >();
    expect(seen[0]?.body.payload).toEqual({ text: "hello" });
  });

  it("a 400 from the agent is `rejected`: the task fails at once and the agent's trust is untouched", async () => {
    const agent = await api<{ id: string; trust: number }>("/api/v1/agents", {
      key,
      body: {
        name: "picky",
        kind: "http",
        endpoint: `${origin}/reject`,
        capabilities: ["picky"],
        timeoutMs: 2000,
      },
    });
    const created = await api<TaskBody>("/api/v1/tasks", {
      key,
      body: { impact: 0.6, urgency: 0.4, risk: 0.1, capabilities: ["picky"] },
    });
    const task = await waitForTerminal(key, created.body.id);
    expect(task.status).toBe("failed");
    expect(task.reason).toBe("rejected");
    expect(task.attempts).toHaveLength(1);
    const after = await api<{ trust: number; counters: { rejected: number } }>(
      `/api/v1/agents/${agent.body.id}`,
      { key },
    );
    expect(after.body.trust).toBe(agent.body.trust);
    expect(after.body.counters.rejected).toBe(1);
  });

  it("a report the hub refuses is retried (towards the dead-letter queue), the others are acknowledged", async () => {
    const bad: ExecutionMessage = {
      tenantId,
      taskId: "tsk_01jd0000000000000000000000",
      attempt: 0, // not a valid attempt: the hub's engine refuses this report
      agentId: "agt_01jd0000000000000000000000",
      agentTaskNumber: 1,
      agent: {
        kind: "simulated",
        endpoint: null,
        timeoutMs: 1000,
        simulation: { successRate: 1, latencyMs: 1 },
      },
      task: { impact: 0.5, urgency: 0.5, risk: 0, capabilities: [], externalId: null },
    };
    const stale: ExecutionMessage = { ...bad, attempt: 1 }; // well-formed, for no task: ignored, acked
    const batch = createMessageBatch<ExecutionMessage>("warden-execution", [
      { id: "bad-1", timestamp: new Date(), attempts: 1, body: bad },
      { id: "stale-1", timestamp: new Date(), attempts: 1, body: stale },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual(["stale-1"]);
    expect(result.retryMessages.map((m) => m.msgId)).toEqual(["bad-1"]);
  });
});
