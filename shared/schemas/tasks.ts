import { z } from "@hono/zod-openapi";
import { Capabilities, Unit } from "./common";

/** ARCHITECTURE §3: a task's payload is JSON of at most 64 KiB. */
export const MAX_PAYLOAD_BYTES = 64 * 1024;
export const MAX_BATCH_TASKS = 1000;

const encoder = new TextEncoder();

export const TaskInputSchema = z
  .object({
    impact: Unit,
    urgency: Unit,
    risk: Unit,
    capabilities: Capabilities.default([]),
    // z.unknown rather than z.json(): the body was parsed from JSON already, and z.json's recursive
    // type is too deep for route type inference.
    payload: z
      .unknown()
      .optional()
      .refine((p) => p === undefined || encoder.encode(JSON.stringify(p)).length <= MAX_PAYLOAD_BYTES, {
        message: `must be at most ${MAX_PAYLOAD_BYTES} bytes of JSON`,
      })
      .openapi({ type: "object", description: "Any JSON value, at most 64 KiB serialised." }),
    externalId: z.string().min(1).max(200).optional(),
    maxAttempts: z.number().int().min(1).max(10).optional(),
  })
  .openapi("TaskInput");
export type TaskInput = z.infer<typeof TaskInputSchema>;

export const TaskBatchSchema = z
  .object({ tasks: z.array(TaskInputSchema).min(1).max(MAX_BATCH_TASKS) })
  .openapi("TaskBatch");

export const TaskStatusSchema = z.enum(["queued", "assigned", "succeeded", "failed", "cancelled"]);
export type TaskStatus = z.infer<typeof TaskStatusSchema>;

export const HoldReasonSchema = z.enum(["no_capable_agent", "trust_gate", "capacity", "circuit_open"]);
export const OutcomeSchema = z.enum(["success", "failure", "timeout", "rate_limited", "rejected"]);

export const TaskAttemptSchema = z
  .object({
    attempt: z.number().int(),
    agentId: z.string(),
    probe: z.boolean(),
    assignedAt: z.string(),
    outcome: OutcomeSchema.nullable(),
    latencyMs: z.number().nullable(),
    finishedAt: z.string().nullable(),
    reason: z
      .string()
      .nullable()
      .describe("A machine-readable cause within the outcome, e.g. `invalid_output`, `http_503`."),
    detail: z.string().nullable().describe("A short explanation from the executor. Never a stack trace."),
  })
  .openapi("TaskAttempt");

/** What the task's LLM calls used, summed over its attempts. */
export const TaskUsageSchema = z
  .object({
    model: z.string().describe("The model of the latest call."),
    promptTokens: z.number().int(),
    completionTokens: z.number().int(),
    costUsd: z
      .number()
      .nullable()
      .describe("US dollars at the tenant's prices when the calls ran; null if a model had no price."),
  })
  .openapi("TaskLlmUsage");
export type TaskLlmUsage = z.infer<typeof TaskUsageSchema>;

export const TaskSchema = z
  .object({
    id: z.string().openapi({ example: "tsk_01jd0000000000000000000000" }),
    externalId: z.string().nullable().openapi({ example: "ticket-4812" }),
    status: TaskStatusSchema,
    impact: Unit,
    urgency: Unit,
    risk: Unit,
    capabilities: z.array(z.string()).openapi({ example: ["summarize"] }),
    maxAttempts: z.number().int(),
    attempts: z.array(TaskAttemptSchema),
    holdReason: HoldReasonSchema.nullable(),
    reason: z.string().nullable(),
    usage: TaskUsageSchema.nullable().describe("LLM tokens and cost; null for tasks no LLM agent ran."),
    payload: z.unknown().optional().openapi({ type: "object" }),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .openapi("Task");
export type TaskView = z.infer<typeof TaskSchema>;

export const TaskListQuery = z.object({
  status: TaskStatusSchema.optional(),
  agentId: z
    .string()
    .regex(/^agt_[0-9a-hjkmnp-tv-z]{26}$/, "must be an agt_ id")
    .optional(),
});

/**
 * A task as the hub returns it over RPC: the payload travels as JSON text, because RPC stub types
 * cannot carry `unknown`. The Worker turns it back into a TaskView.
 */
export type HubTask = Omit<TaskView, "payload"> & { payloadJson?: string };

export function toTaskView({ payloadJson, ...task }: HubTask): TaskView {
  return payloadJson === undefined ? task : { ...task, payload: JSON.parse(payloadJson) as unknown };
}
