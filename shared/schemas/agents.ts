import { z } from "@hono/zod-openapi";
import { Capabilities, Reason, Unit } from "./common";

export const SimulationSchema = z
  .object({
    successRate: Unit.describe("Probability that a task succeeds."),
    latencyMs: z.number().int().min(0).max(60_000).describe("Median latency of one task."),
    timeoutRate: Unit.optional().describe("Probability that a task times out."),
    rateLimitRate: Unit.optional().describe("Probability of a 429 from the agent."),
    degradeAfter: z
      .number()
      .int()
      .min(0)
      .max(1_000_000)
      .optional()
      .describe("After this many tasks the agent degrades."),
    degradedSuccessRate: Unit.optional().describe("Success probability once degraded."),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .optional(),
  })
  .openapi("Simulation");
export type Simulation = z.infer<typeof SimulationSchema>;

/**
 * A JSON Schema's keyword values. Deliberately shallow: a recursive JSON type is too deep for the
 * Durable Object RPC types, and the schema is validated as a schema when the agent is saved.
 */
type JsonSchemaValue = string | number | boolean | null | object;

/**
 * How an LLM agent calls its model: any OpenAI-compatible chat-completions API. The prompt
 * template's `{{payload.field}}` placeholders are filled from the task (see prompt-template.ts).
 */
export const LlmConfigSchema = z
  .object({
    baseUrl: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .describe("The API's base URL, e.g. https://api.openai.com/v1."),
    model: z.string().trim().min(1).max(200).describe("The model name sent with each request."),
    temperature: z.number().min(0).max(2).default(0),
    maxTokens: z
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .optional()
      .describe("Upper bound on completion tokens."),
    systemPrompt: z.string().max(20_000).optional(),
    promptTemplate: z
      .string()
      .min(1)
      .max(20_000)
      .openapi({ example: "Summarize this ticket in two sentences: {{payload.text}}" })
      .describe(
        "The user message. `{{payload.x}}` is replaced by the task payload's field x (objects as JSON); " +
          "`{{task.impact}}`, `{{task.urgency}}`, `{{task.risk}}`, `{{task.id}}` by the task's own fields.",
      ),
    outputSchema: z
      .record(z.string(), z.custom<JsonSchemaValue>())
      .optional()
      .openapi({ type: "object", additionalProperties: true })
      .describe(
        "An optional output contract: a JSON Schema the completion, parsed as JSON, must satisfy. " +
          "Output that does not is a failure with reason `invalid_output`.",
      ),
  })
  .openapi("LlmConfig");
export type LlmConfig = z.infer<typeof LlmConfigSchema>;

export const AgentKind = z.enum(["simulated", "http", "llm"]);
export type AgentKind = z.infer<typeof AgentKind>;

/** Tokens and cost an agent's LLM calls used; cost is null while a model has no price (see tenant settings). */
export const LlmUsageSchema = z
  .object({
    promptTokens: z.number().int(),
    completionTokens: z.number().int(),
    costUsd: z.number().describe("Cost of the calls whose model had a price, in US dollars."),
    unpricedCalls: z.number().int().describe("Calls whose model had no price in the tenant's table."),
  })
  .openapi("LlmUsage");
export type LlmUsage = z.infer<typeof LlmUsageSchema>;

const agentFields = {
  name: z.string().trim().min(1).max(100),
  capabilities: Capabilities,
  maxConcurrency: z.number().int().min(1).max(1000),
  endpoint: z.url({ protocol: /^https?$/ }).max(2000),
  timeoutMs: z.number().int().min(100).max(300_000),
  slowMs: z.number().int().min(1).max(300_000),
  simulation: SimulationSchema,
  llm: LlmConfigSchema,
  apiKey: z
    .string()
    .min(1)
    .max(1000)
    .describe("The LLM provider's API key. Write-only: stored encrypted, never returned."),
};

export const AgentCreateSchema = z
  .object({
    name: agentFields.name,
    kind: AgentKind,
    capabilities: agentFields.capabilities.default([]),
    maxConcurrency: agentFields.maxConcurrency.default(4),
    endpoint: agentFields.endpoint.optional(),
    timeoutMs: agentFields.timeoutMs.optional(),
    slowMs: agentFields.slowMs.optional(),
    simulation: agentFields.simulation.optional(),
    llm: agentFields.llm.optional(),
    apiKey: agentFields.apiKey.optional(),
  })
  .superRefine((a, ctx) => {
    if (a.kind === "http" && !a.endpoint)
      ctx.addIssue({ code: "custom", path: ["endpoint"], message: "required for an http agent" });
    if (a.kind === "simulated" && !a.simulation)
      ctx.addIssue({ code: "custom", path: ["simulation"], message: "required for a simulated agent" });
    if (a.kind === "llm" && !a.llm)
      ctx.addIssue({ code: "custom", path: ["llm"], message: "required for an llm agent" });
    if (a.kind !== "llm" && a.apiKey !== undefined)
      ctx.addIssue({ code: "custom", path: ["apiKey"], message: "only an llm agent takes an apiKey" });
  })
  .openapi("AgentCreate");
export type AgentCreate = z.infer<typeof AgentCreateSchema>;

export const AgentPatchSchema = z
  .object({
    name: agentFields.name.optional(),
    capabilities: agentFields.capabilities.optional(),
    maxConcurrency: agentFields.maxConcurrency.optional(),
    endpoint: agentFields.endpoint.optional(),
    timeoutMs: agentFields.timeoutMs.optional(),
    slowMs: agentFields.slowMs.optional(),
    simulation: agentFields.simulation.optional(),
    llm: agentFields.llm.optional(),
    apiKey: agentFields.apiKey.nullable().optional().describe("A new provider key, or null to remove it."),
  })
  .strict()
  .openapi("AgentPatch");
export type AgentPatch = z.infer<typeof AgentPatchSchema>;

export const AgentStatusSchema = z.enum(["active", "probation", "suppressed", "excluded"]);

export const AgentSchema = z
  .object({
    id: z.string().openapi({ example: "agt_01jd0000000000000000000000" }),
    name: z.string().openapi({ example: "summarizer-1" }),
    kind: AgentKind,
    capabilities: z.array(z.string()).openapi({ example: ["summarize"] }),
    maxConcurrency: z.number().int(),
    endpoint: z.string().nullable(),
    timeoutMs: z.number().int(),
    slowMs: z.number().int(),
    simulation: SimulationSchema.nullable(),
    llm: LlmConfigSchema.extend({ apiKeyConfigured: z.boolean() }).nullable(),
    /** http agents sign every request; the secret itself is shown only when issued. */
    signing: z
      .object({
        secretRotatedAt: z.string().nullable(),
        previousSecretExpiresAt: z.string().nullable(),
      })
      .nullable()
      .describe("Request signing (http agents): when the secret last changed; the secret is never returned."),
    usage: LlmUsageSchema.describe("Tokens and cost of the agent's LLM calls so far (zero for other kinds)."),
    trust: Unit,
    status: AgentStatusSchema,
    drifting: z.boolean(),
    inFlight: z.number().int(),
    counters: z.object({
      successes: z.number().int(),
      failures: z.number().int(),
      timeouts: z.number().int(),
      rateLimited: z.number().int(),
      rejected: z.number().int(),
      slowSuccesses: z.number().int(),
      suppressions: z.number().int(),
    }),
    suppressedUntil: z.string().nullable(),
    lastOutcome: z.string().nullable(),
    lastResultAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("Agent");
export type AgentView = z.infer<typeof AgentSchema>;

/** The 201 answer to registering an agent: an http agent's signing secret appears here, once. */
export const AgentCreatedSchema = AgentSchema.extend({
  signingSecret: z
    .string()
    .optional()
    .describe("http agents: the whsec_ secret Warden signs requests with (Standard Webhooks). Shown once."),
}).openapi("AgentCreated");

export const AgentSecretRotationSchema = z
  .object({
    signingSecret: z.string().describe("The new whsec_ secret. Shown once."),
    previousSecretExpiresAt: z
      .string()
      .describe(
        "Until then requests carry a signature under each secret, so the agent can switch unhurried.",
      ),
  })
  .openapi("AgentSecretRotation");

export const TrustOverrideSchema = z.object({ trust: Unit, reason: Reason }).openapi("TrustOverride");
export const ReasonBodySchema = z.object({ reason: Reason }).openapi("ReasonBody");
