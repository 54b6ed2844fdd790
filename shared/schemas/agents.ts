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

export const AgentKind = z.enum(["simulated", "http"]);
export type AgentKind = z.infer<typeof AgentKind>;

const agentFields = {
  name: z.string().trim().min(1).max(100),
  capabilities: Capabilities,
  maxConcurrency: z.number().int().min(1).max(1000),
  endpoint: z.url({ protocol: /^https?$/ }).max(2000),
  timeoutMs: z.number().int().min(100).max(300_000),
  slowMs: z.number().int().min(1).max(300_000),
  simulation: SimulationSchema,
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
  })
  .superRefine((a, ctx) => {
    if (a.kind === "http" && !a.endpoint)
      ctx.addIssue({ code: "custom", path: ["endpoint"], message: "required for an http agent" });
    if (a.kind === "simulated" && !a.simulation)
      ctx.addIssue({ code: "custom", path: ["simulation"], message: "required for a simulated agent" });
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
  })
  .strict()
  .openapi("AgentPatch");
export type AgentPatch = z.infer<typeof AgentPatchSchema>;

export const AgentStatusSchema = z.enum(["active", "probation", "suppressed", "excluded"]);

export const AgentSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: AgentKind,
    capabilities: z.array(z.string()),
    maxConcurrency: z.number().int(),
    endpoint: z.string().nullable(),
    timeoutMs: z.number().int(),
    slowMs: z.number().int(),
    simulation: SimulationSchema.nullable(),
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

export const TrustOverrideSchema = z.object({ trust: Unit, reason: Reason }).openapi("TrustOverride");
export const ReasonBodySchema = z.object({ reason: Reason }).openapi("ReasonBody");
