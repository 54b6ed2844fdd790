import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { ExecutionMessage } from "../../worker/executors/types";
import worker from "../../worker/index";
import { api, createAgent, createTenant, type TaskBody, waitFor, waitForTerminal } from "../helpers/api";

interface AgentBody {
  counters: Record<string, number>;
  trust: number;
}

let key: string;
let tenantId: string;
let agentId: string;

beforeAll(async () => {
  ({ key, tenantId } = await createTenant("Delivery Ltd"));
  agentId = await createAgent(key, { name: "steady", simulation: { successRate: 1, latencyMs: 1, seed: 9 } });
});

function messageFor(task: TaskBody, attempt: number): ExecutionMessage {
  return {
    tenantId,
    taskId: task.id,
    attempt,
    agentId,
    agentTaskNumber: 1,
    agent: {
      kind: "simulated",
      endpoint: null,
      timeoutMs: 30_000,
      simulation: { successRate: 1, latencyMs: 1, seed: 9 },
    },
    task: { impact: 0.5, urgency: 0.5, risk: 0, capabilities: [], externalId: null },
  };
}

describe("execution delivery is idempotent", () => {
  it("a redelivered queue message and a duplicate result do not double-count", async () => {
    const created = await api<TaskBody>("/api/v1/tasks", {
      key,
      body: { impact: 0.5, urgency: 0.5, risk: 0 },
    });
    const task = await waitForTerminal(key, created.body.id);
    expect(task.status).toBe("succeeded");
    const before = (await api<AgentBody>(`/api/v1/agents/${agentId}`, { key })).body;
    const eventsBefore = (await api<{ events: unknown[] }>("/api/v1/events?limit=1000", { key })).body.events
      .length;

    // The queue redelivers the same message twice (at-least-once delivery).
    const batch = createMessageBatch<ExecutionMessage>("warden-execution", [
      { id: "m1", timestamp: new Date(), attempts: 2, body: messageFor(task, 1) },
      { id: "m2", timestamp: new Date(), attempts: 3, body: messageFor(task, 1) },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual(["m1", "m2"]);
    expect(result.retryMessages).toEqual([]);

    const after = (await api<AgentBody>(`/api/v1/agents/${agentId}`, { key })).body;
    expect(after.counters).toEqual(before.counters);
    expect(after.trust).toBe(before.trust);
    const again = (await api<TaskBody>(`/api/v1/tasks/${task.id}`, { key })).body;
    expect(again.attempts).toHaveLength(1);
    const eventsAfter = (await api<{ events: unknown[] }>("/api/v1/events?limit=1000", { key })).body.events
      .length;
    expect(eventsAfter).toBe(eventsBefore);
  });

  it("a dead-lettered message fails its task with a reason, once", async () => {
    // Park the only agent so the task stays assigned to nobody, then assign by hand through a
    // dead-letter delivery for the attempt the hub is waiting on.
    const stuckAgent = await createAgent(key, {
      name: "slow-poke",
      capabilities: ["rare"],
      maxConcurrency: 1,
      simulation: { successRate: 1, latencyMs: 3000, seed: 1 },
    });
    const created = await api<TaskBody>("/api/v1/tasks", {
      key,
      body: { impact: 0.9, urgency: 0.9, risk: 0, capabilities: ["rare"] },
    });
    const assigned = await waitFor(
      async () => {
        const t = await api<TaskBody>(`/api/v1/tasks/${created.body.id}`, { key });
        return t.body.status === "assigned" ? t.body : undefined;
      },
      { what: "assignment" },
    );
    expect(assigned.attempts[0]?.agentId).toBe(stuckAgent);

    const message = { ...messageFor(assigned, 1), agentId: stuckAgent };
    const batch = createMessageBatch<ExecutionMessage>("warden-execution-dlq", [
      { id: "dlq-1", timestamp: new Date(), attempts: 1, body: message },
      { id: "dlq-2", timestamp: new Date(), attempts: 1, body: message },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual(["dlq-1", "dlq-2"]);

    const failed = (await api<TaskBody>(`/api/v1/tasks/${created.body.id}`, { key })).body;
    expect(failed.status).toBe("failed");
    expect(failed.reason).toMatch(/dead-letter/);
    const events = (
      await api<{ events: { type: string; taskId?: string }[] }>("/api/v1/events?limit=1000", { key })
    ).body.events;
    expect(events.filter((e) => e.type === "task.failed" && e.taskId === created.body.id)).toHaveLength(1);

    // The late real result for that attempt changes nothing.
    await new Promise((r) => setTimeout(r, 3500));
    const still = (await api<TaskBody>(`/api/v1/tasks/${created.body.id}`, { key })).body;
    expect(still.status).toBe("failed");
  });
});
