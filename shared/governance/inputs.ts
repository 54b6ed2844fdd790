import { z } from "zod";

/**
 * The engine re-validates what it is given even though the API layer already did: the engine is
 * also driven by the simulator and benchmarks, and a NaN risk would silently poison priorities.
 */

const unit = (field: string) =>
  z
    .number(`${field} must be a number`)
    .min(0, `${field} must be at least 0`)
    .max(1, `${field} must be at most 1`);

const capabilities = z
  .array(z.string().min(1, "a capability must not be empty").max(64, "a capability is at most 64 characters"))
  .max(32, "capabilities holds at most 32 entries")
  // Canonical form: duplicates would count a tag twice, and a sorted list is its own grouping key.
  .transform((list) => [...new Set(list)].sort());

const id = (field: string) =>
  z.string(`${field} must be a string`).min(1, `${field} must not be empty`).max(200);

const millis = (field: string) =>
  z
    .number(`${field} must be a number`)
    .int(`${field} must be a whole number of milliseconds`)
    .positive(`${field} must be positive`)
    .max(86_400_000, `${field} must be at most one day`);

export const AgentInputSchema = z.object({
  id: id("id"),
  name: z
    .string("name must be a string")
    .min(1, "name must not be empty")
    .max(200, "name is at most 200 characters"),
  capabilities,
  maxConcurrency: z
    .number("maxConcurrency must be a number")
    .int("maxConcurrency must be an integer")
    .min(1, "maxConcurrency must be at least 1")
    .max(1000, "maxConcurrency must be at most 1000"),
  slowMs: millis("slowMs").optional(),
  timeoutMs: millis("timeoutMs").optional(),
});

export const AgentPatchInputSchema = AgentInputSchema.omit({ id: true }).partial();

export const TaskInputSchema = z.object({
  id: id("id"),
  impact: unit("impact"),
  urgency: unit("urgency"),
  risk: unit("risk"),
  capabilities,
  maxAttempts: z
    .number("maxAttempts must be a number")
    .int("maxAttempts must be an integer")
    .min(1, "maxAttempts must be at least 1")
    .max(10, "maxAttempts must be at most 10")
    .optional(),
});

export const TaskBatchInputSchema = z.array(TaskInputSchema);

export const TrustSchema = unit("trust");

export const ReasonSchema = z
  .string("reason must be a string")
  .trim()
  .min(1, "a reason is required")
  .max(500);

export const ResultInputSchema = z.object({
  taskId: z.string("taskId must be a string"),
  attempt: z
    .number("attempt must be a number")
    .int("attempt must be an integer")
    .min(1, "attempt must be at least 1"),
  outcome: z.enum(
    ["success", "failure", "timeout", "rate_limited", "rejected"],
    "outcome must be a known outcome",
  ),
  latencyMs: z.number("latencyMs must be a number").min(0, "latencyMs must be at least 0"),
  retryAfterMs: z
    .number("retryAfterMs must be a number")
    .min(0, "retryAfterMs must be at least 0")
    .optional(),
  reason: z
    .string("reason must be a string")
    .regex(/^[a-z][a-z0-9_]{0,63}$/, "reason is a short snake_case code")
    .optional(),
  detail: z.string("detail must be a string").max(2000, "detail is at most 2000 characters").optional(),
});
