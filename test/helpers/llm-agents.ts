import { expect, inject } from "vitest";
import type { LlmUsage } from "../../shared/schemas/agents";
import type { TaskLlmUsage } from "../../shared/schemas/tasks";
import { api, createTenant, type TaskBody, waitForTerminal } from "./api";
import type { LlmRequest } from "./llm-server";

/** The fake model API started by test/llm-server.global.ts. */
export const llmOrigin = inject("llmServerOrigin");

/** The contract the tests' agents put on their output; `contract-breaker` answers outside it. */
export const OUTPUT_SCHEMA = {
  type: "object",
  required: ["answer", "confidence"],
  properties: { answer: { type: "string" }, confidence: { type: "number", minimum: 0, maximum: 1 } },
};
/** `fenced-model` and `empty-model` have no price: their calls are counted as unpriced. */
const PRICES = {
  "ok-model": { promptPerMillion: 2.5, completionPerMillion: 10 },
  "contract-breaker": { promptPerMillion: 3, completionPerMillion: 15 },
  "error-once": { promptPerMillion: 2.5, completionPerMillion: 10 },
  "rate-limited-once": { promptPerMillion: 2.5, completionPerMillion: 10 },
};
export const TEMPLATE =
  "Task {{task.id}} (impact {{task.impact}}): is {{payload.doc.title}} ready? Tags: {{payload.tags}}.";
export const SYSTEM = "Answer as JSON with answer and confidence.";
/** Every provider key the tests make starts so, which lets a test look for any of them in a text. */
export const KEY_PREFIX = "sk-test-";

export type Attempt = TaskBody["attempts"][number] & { reason: string | null; detail: string | null };
export type LlmTask = Omit<TaskBody, "attempts"> & { attempts: Attempt[]; usage: TaskLlmUsage | null };
export interface AgentBody {
  id: string;
  trust: number;
  usage: LlmUsage;
  llm: { apiKeyConfigured: boolean; model: string } | null;
  counters: { rateLimited: number; failures: number; successes: number; rejected: number };
}

export interface LlmTenant {
  key: string;
  tenantId: string;
  /** Every API answer the test saw, to prove no provider key ever appears in one. */
  seen: string[];
}

/** A tenant with prices for the priced scenarios (see PRICES). */
export async function llmTenant(name: string): Promise<LlmTenant> {
  const { key, tenantId } = await createTenant(name);
  const res = await api("/api/v1/tenant", {
    key,
    method: "PATCH",
    body: { settings: { modelPrices: PRICES } },
  });
  expect(res.status).toBe(200);
  return { key, tenantId, seen: [] };
}

/** An API call as the tenant's key, remembered in `seen`. */
export async function call<T>(t: LlmTenant, path: string, init: { method?: string; body?: unknown } = {}) {
  const res = await api<T>(path, { key: t.key, ...init });
  t.seen.push(JSON.stringify(res.body));
  return res;
}

export function llmConfig(model: string) {
  return {
    baseUrl: `${llmOrigin}/v1`,
    model,
    temperature: 0.2,
    maxTokens: 300,
    systemPrompt: SYSTEM,
    promptTemplate: TEMPLATE,
    outputSchema: OUTPUT_SCHEMA,
  };
}

/** Registers an llm agent for `model` (a scenario of the fake API), alone on a capability of that name. */
export async function llmAgent(t: LlmTenant, model: string, timeoutMs = 5_000) {
  const apiKey = `${KEY_PREFIX}${crypto.randomUUID()}`;
  const res = await call<AgentBody>(t, "/api/v1/agents", {
    body: { name: model, kind: "llm", capabilities: [model], timeoutMs, apiKey, llm: llmConfig(model) },
  });
  expect(res.status).toBe(201);
  expect(res.body.llm?.apiKeyConfigured).toBe(true);
  return { ...res.body, apiKey };
}

/** Submits a task for `capability`, waits until it is terminal, and returns it. */
export async function runTask(t: LlmTenant, capability: string, maxAttempts = 3): Promise<LlmTask> {
  const created = await call<{ id: string }>(t, "/api/v1/tasks", {
    body: {
      impact: 0.7,
      urgency: 0.5,
      risk: 0.1,
      capabilities: [capability],
      maxAttempts,
      payload: { doc: { title: "the Q3 report" }, tags: ["finance", "q3"] },
    },
  });
  expect(created.status).toBe(202);
  await waitForTerminal(t.key, created.body.id);
  return (await call<LlmTask>(t, `/api/v1/tasks/${created.body.id}`)).body;
}

export const agentNow = async (t: LlmTenant, id: string) =>
  (await call<AgentBody>(t, `/api/v1/agents/${id}`)).body;

export const tenantLlmUsage = async (t: LlmTenant) =>
  (await call<{ usage: { llm: LlmUsage } }>(t, "/api/v1/tenant")).body.usage.llm;

/** The model API's record of the calls made for one task (its id is in every prompt). */
export async function callsFor(taskId: string): Promise<LlmRequest[]> {
  const all = await (await fetch(`${llmOrigin}/_requests`)).json<LlmRequest[]>();
  return all.filter((r) => JSON.stringify(r.body.messages).includes(taskId));
}

/** The `task.retried` events of a task, with the back-off the engine applied. */
export async function retriesOf(t: LlmTenant, taskId: string) {
  const res = await call<{ events: { taskId?: string | null; data: Record<string, unknown> }[] }>(
    t,
    "/api/v1/events?types=task.retried&limit=1000",
  );
  return res.body.events.filter((e) => e.taskId === taskId).map((e) => e.data);
}
