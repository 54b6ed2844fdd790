import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import {
  agentNow,
  call,
  callsFor,
  KEY_PREFIX,
  type LlmTenant,
  llmAgent,
  llmTenant,
  retriesOf,
  runTask,
  SYSTEM,
  tenantLlmUsage,
} from "../helpers/llm-agents";

/**
 * llm agents against an OpenAI-compatible API on 127.0.0.1, each attempt through the real queue:
 * outcomes, reasons, tokens and cost per task, per agent and per tenant.
 */

describe("completions, the output contract and accounting", () => {
  let t: LlmTenant;
  beforeAll(async () => {
    t = await llmTenant("Llm Calls");
  });

  it("a completion succeeds; the key and the filled prompt reach the API; tokens and cost are recorded", async () => {
    const ok = await llmAgent(t, "ok-model");
    const task = await runTask(t, "ok-model");
    expect(task.status).toBe("succeeded");
    expect(task.attempts).toMatchObject([{ agentId: ok.id, outcome: "success" }]);
    // (1,000 × 2.5 + 250 × 10) / 1e6, priced under the configured name, not the echoed dated one.
    expect(task.usage).toEqual({
      model: "ok-model",
      promptTokens: 1000,
      completionTokens: 250,
      costUsd: 0.005,
    });

    const [request, ...more] = await callsFor(task.id);
    expect(more).toHaveLength(0);
    expect(request?.authorization).toBe(`Bearer ${ok.apiKey}`);
    expect(request?.body).toMatchObject({
      model: "ok-model",
      temperature: 0.2,
      max_tokens: 300,
      messages: [
        { role: "system", content: SYSTEM },
        {
          role: "user",
          content: `Task ${task.id} (impact 0.7): is the Q3 report ready? Tags: ["finance","q3"].`,
        },
      ],
    });
    const agent = await agentNow(t, ok.id);
    expect(agent.usage).toEqual({
      promptTokens: 1000,
      completionTokens: 250,
      costUsd: 0.005,
      unpricedCalls: 0,
    });
    expect(agent.counters.successes).toBe(1);
  });

  it("a fenced JSON answer meets the contract; a model without a price counts as unpriced", async () => {
    const fenced = await llmAgent(t, "fenced-model");
    const task = await runTask(t, "fenced-model");
    expect(task.status).toBe("succeeded");
    expect(task.usage).toEqual({
      model: "fenced-model",
      promptTokens: 400,
      completionTokens: 100,
      costUsd: null,
    });
    expect((await agentNow(t, fenced.id)).usage).toEqual({
      promptTokens: 400,
      completionTokens: 100,
      costUsd: 0,
      unpricedCalls: 1,
    });
  });

  it("output that breaks the contract fails with invalid_output, and every attempt's tokens are charged", async () => {
    const breaker = await llmAgent(t, "contract-breaker");
    const task = await runTask(t, "contract-breaker", 2);
    expect(task.status).toBe("failed");
    expect(task.reason).toBe("invalid_output");
    expect(task.attempts).toHaveLength(2);
    for (const attempt of task.attempts) {
      expect(attempt).toMatchObject({ outcome: "failure", reason: "invalid_output" });
      expect(attempt.detail).toBe(
        'output does not match the schema: /answer: Instance type "number" is invalid. Expected "string".',
      );
    }
    // Two calls of 300 / 50 tokens at 3 and 15 dollars per million.
    expect(task.usage).toEqual({
      model: "contract-breaker",
      promptTokens: 600,
      completionTokens: 100,
      costUsd: 0.0033,
    });
    expect((await agentNow(t, breaker.id)).counters.failures).toBe(2);
  });

  it("the tenant's month sums every agent's calls, priced and unpriced", async () => {
    expect(await tenantLlmUsage(t)).toEqual({
      promptTokens: 1000 + 400 + 600,
      completionTokens: 250 + 100 + 100,
      costUsd: 0.005 + 0.0033,
      unpricedCalls: 1,
    });
  });

  it("no provider key appears in any API answer or audit row, a new key included", async () => {
    const agents = await call<{ agents: { id: string }[] }>(t, "/api/v1/agents");
    expect(agents.body.agents).toHaveLength(3);
    const rotated = await call(t, `/api/v1/agents/${agents.body.agents[0]?.id}`, {
      method: "PATCH",
      body: { apiKey: `${KEY_PREFIX}${crypto.randomUUID()}` },
    });
    expect(rotated.status).toBe(200);
    await call(t, "/api/v1/audit?limit=200");
    await call(t, "/api/v1/events?limit=1000");
    const { results } = await env.DB.prepare(`SELECT * FROM audit_log WHERE tenant_id = ?`)
      .bind(t.tenantId)
      .all();
    expect(results.length).toBeGreaterThanOrEqual(4);
    for (const text of [...t.seen, JSON.stringify(results)]) expect(text).not.toContain(KEY_PREFIX);
  });
});

describe("rate limits", () => {
  let t: LlmTenant;
  beforeAll(async () => {
    t = await llmTenant("Llm Rate Limits");
  });

  it("a 429 re-queues after retry-after-ms, never costs trust, and fails only when requeues run out", async () => {
    const limited = await llmAgent(t, "rate-limited");
    const task = await runTask(t, "rate-limited", 1);
    expect(task.status).toBe("failed");
    expect(task.reason).toBe("rate_limited");
    expect(task.attempts).toHaveLength(6); // the first call and five requeues (the default bound)
    for (const attempt of task.attempts) {
      expect(attempt).toMatchObject({
        outcome: "rate_limited",
        reason: "http_429",
        detail: "HTTP 429 (rate_limit_exceeded)",
      });
    }
    // `retry-after-ms: 200` wins over `Retry-After: 30`.
    const retries = await retriesOf(t, task.id);
    expect(retries.map((r) => r.retryAfterMs)).toEqual([200, 200, 200, 200, 200]);
    const calls = await callsFor(task.id);
    expect(calls).toHaveLength(6);
    for (let i = 1; i < calls.length; i++) {
      expect((calls[i]?.receivedAt ?? 0) - (calls[i - 1]?.receivedAt ?? 0)).toBeGreaterThanOrEqual(190);
    }
    const after = await agentNow(t, limited.id);
    expect(after.trust).toBe(limited.trust);
    expect(after.counters.rateLimited).toBe(6);
    expect(after.usage).toEqual({ promptTokens: 0, completionTokens: 0, costUsd: 0, unpricedCalls: 0 });
    expect(task.usage).toBeNull();
  });

  it("after a 429 with Retry-After: 1 the task runs again a second later and is charged once", async () => {
    await llmAgent(t, "rate-limited-once");
    const task = await runTask(t, "rate-limited-once");
    expect(task.status).toBe("succeeded");
    expect(task.attempts).toMatchObject([
      { outcome: "rate_limited", reason: "http_429" },
      { outcome: "success" },
    ]);
    expect((await retriesOf(t, task.id)).map((r) => r.retryAfterMs)).toEqual([1000]);
    const [first, second] = await callsFor(task.id);
    expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(990);
    expect(task.usage).toEqual({
      model: "rate-limited-once",
      promptTokens: 1000,
      completionTokens: 250,
      costUsd: 0.005,
    });
    expect(await tenantLlmUsage(t)).toEqual({
      promptTokens: 1000,
      completionTokens: 250,
      costUsd: 0.005,
      unpricedCalls: 0,
    });
  });
});

describe("failures", () => {
  let t: LlmTenant;
  beforeAll(async () => {
    t = await llmTenant("Llm Failures");
  });

  it("a task retried after a 500 succeeds and is charged for the one call that answered", async () => {
    const flaky = await llmAgent(t, "error-once");
    const task = await runTask(t, "error-once");
    expect(task.status).toBe("succeeded");
    expect(task.attempts).toMatchObject([
      { outcome: "failure", reason: "http_500", detail: "HTTP 500" },
      { outcome: "success", reason: null },
    ]);
    expect(await callsFor(task.id)).toHaveLength(2);
    const once = { promptTokens: 1000, completionTokens: 250, costUsd: 0.005 };
    expect(task.usage).toEqual({ model: "error-once", ...once });
    expect((await agentNow(t, flaky.id)).usage).toEqual({ ...once, unpricedCalls: 0 });
    expect(await tenantLlmUsage(t)).toEqual({ ...once, unpricedCalls: 0 });
  });

  it("a 500 on the last attempt fails the task with reason http_500", async () => {
    await llmAgent(t, "error");
    const task = await runTask(t, "error", 1);
    expect(task).toMatchObject({ status: "failed", reason: "http_500", usage: null });
  });

  it("a model that hangs past the agent's timeoutMs times the attempt out", async () => {
    await llmAgent(t, "hang", 300);
    const task = await runTask(t, "hang", 1);
    // The hub's own deadline for the attempt and the executor's timeout race; both say timeout.
    expect(task).toMatchObject({ status: "failed", reason: "timeout" });
    expect(task.attempts[0]?.outcome).toBe("timeout");
    expect(await callsFor(task.id)).toHaveLength(1);
  });

  it("a refused key is the agent's failure, not a rejection, and its detail does not quote the key", async () => {
    const agent = await llmAgent(t, "bad-key");
    const task = await runTask(t, "bad-key", 1);
    expect(task).toMatchObject({ status: "failed", reason: "http_401" });
    expect(task.attempts[0]).toMatchObject({ outcome: "failure", detail: "HTTP 401 (invalid_api_key)" });
    const after = await agentNow(t, agent.id);
    expect(after.counters).toMatchObject({ failures: 1, rejected: 0 });
    expect(after.trust).toBeLessThan(agent.trust);
  });

  it("an empty completion fails with empty_output and its tokens still count", async () => {
    await llmAgent(t, "empty-model");
    const task = await runTask(t, "empty-model", 1);
    expect(task).toMatchObject({ status: "failed", reason: "empty_output" });
    expect(task.usage).toEqual({
      model: "empty-model",
      promptTokens: 50,
      completionTokens: 0,
      costUsd: null,
    });
  });
});
