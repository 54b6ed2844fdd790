import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { agentSecretOpener } from "../../worker/agent-secrets";
import { execute } from "../../worker/executors";
import type { ExecutionMessage } from "../../worker/executors/types";
import { api, createTenant, type Problem } from "../helpers/api";
import { callsFor, llmConfig } from "../helpers/llm-agents";

/**
 * The llm executor called directly in workerd (what the queue consumer calls) for the cases the
 * queue cannot stage, and the checks an llm agent's settings get when it is saved.
 */

describe("the executor on its own", () => {
  const message = (taskId: string, apiKeySealed: string | null, model = "ok-model"): ExecutionMessage => ({
    tenantId: "ten_keycheck",
    taskId,
    attempt: 1,
    agentId: "agt_keycheck",
    agentTaskNumber: 1,
    agent: {
      kind: "llm",
      endpoint: null,
      timeoutMs: 300,
      simulation: null,
      llm: llmConfig(model),
      apiKeySealed,
    },
    task: { impact: 0.5, urgency: 0.5, risk: 0, capabilities: [], externalId: null, payload: {} },
  });
  const openSecret = agentSecretOpener(env.WARDEN_ENCRYPTION_KEY, "ten_keycheck", "agt_keycheck");

  it("a key that does not open is a failure with secret_unavailable, and no call is made", async () => {
    const taskId = `tsk_${crypto.randomUUID()}`;
    const result = await execute(message(taskId, "v1.not-a-sealed-key"), { openSecret });
    expect(result).toMatchObject({ outcome: "failure", reason: "secret_unavailable" });
    expect(await callsFor(taskId)).toHaveLength(0);
  });

  it("an agent without a key calls its model with no Authorization header (a local model server)", async () => {
    const taskId = `tsk_${crypto.randomUUID()}`;
    const result = await execute(message(taskId, null), { openSecret });
    expect(result).toMatchObject({ outcome: "success", usage: { model: "ok-model", promptTokens: 1000 } });
    const [request] = await callsFor(taskId);
    expect(request?.authorization).toBeNull();
  });

  it("a model that does not answer within timeoutMs is a timeout with its own reason", async () => {
    const result = await execute(message(`tsk_${crypto.randomUUID()}`, null, "hang"), { openSecret });
    expect(result).toMatchObject({ outcome: "timeout", reason: "timeout", detail: "timeout after 300 ms" });
    expect(result.latencyMs).toBeGreaterThanOrEqual(290);
    expect(result.latencyMs).toBeLessThan(2_000);
    expect(result.usage).toBeUndefined();
  });

  it("a model API that cannot be reached is a failure with network_error", async () => {
    const unreachable = message(`tsk_${crypto.randomUUID()}`, null);
    const llm = { ...llmConfig("ok-model"), baseUrl: `${inject("agentServerUnreachableOrigin")}/v1` };
    const result = await execute({ ...unreachable, agent: { ...unreachable.agent, llm } }, { openSecret });
    expect(result).toMatchObject({ outcome: "failure", reason: "network_error" });
  });
});

describe("registering an llm agent", () => {
  let key: string;
  beforeAll(async () => {
    ({ key } = await createTenant("Llm Validation"));
  });
  const fieldsOf = (body: Problem) => body.errors?.map((e) => e.field);
  const register = (body: Record<string, unknown>) =>
    api<Problem & { id: string }>("/api/v1/agents", { key, body: { name: "model", kind: "llm", ...body } });

  it("kind llm without llm settings is a 400 naming llm", async () => {
    const res = await register({});
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(fieldsOf(res.body)).toContain("llm");
  });

  it.each([
    ["a type that is no type", { type: "strin" }],
    ["a pattern that is no regular expression", { type: "string", pattern: "(" }],
    ["a $ref that does not resolve", { $ref: "#/$defs/missing" }],
    ["a required list that is not strings", { type: "object", required: [1] }],
  ])("an output schema with %s is a 400 naming llm.outputSchema", async (_what, outputSchema) => {
    const res = await register({ llm: { ...llmConfig("ok-model"), outputSchema } });
    expect(res.status).toBe(400);
    expect(fieldsOf(res.body)).toEqual(["llm.outputSchema"]);
  });

  it("a valid schema with local $refs is accepted, and a patch to a broken one is refused", async () => {
    const outputSchema = {
      $defs: { answer: { type: "string" } },
      properties: { answer: { $ref: "#/$defs/answer" } },
    };
    const created = await register({ llm: { ...llmConfig("ok-model"), outputSchema } });
    expect(created.status).toBe(201);
    const patched = await api<Problem>(`/api/v1/agents/${created.body.id}`, {
      key,
      method: "PATCH",
      body: { llm: { ...llmConfig("ok-model"), outputSchema: { minLength: -1 } } },
    });
    expect(patched.status).toBe(400);
    expect(fieldsOf(patched.body)).toEqual(["llm.outputSchema"]);
  });
});
