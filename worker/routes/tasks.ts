import { createRoute, z } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { problems } from "../../shared/problems";
import { idParam, ListQuery } from "../../shared/schemas/common";
import {
  TaskBatchSchema,
  TaskInputSchema,
  TaskListQuery,
  TaskSchema,
  toTaskView,
} from "../../shared/schemas/tasks";
import { sha256Hex } from "../auth/api-keys";
import { hubFor, viaHub } from "../hub-client";
import { decodeCursor, encodeCursor } from "../pagination";
import { taskFromHistory } from "../retention-task";
import { createRouter } from "../router";
import { listTaskPage } from "../task-list";
import { ProblemResponses } from "./problem-responses";
import { json, tenantSecurity } from "./security";

const security = tenantSecurity;
const TaskParams = idParam("tsk");
const TASK_ID = /^tsk_[0-9a-hjkmnp-tv-z]{26}$/;

/** 1,000 tasks of up to 64 KiB each could reach 64 MiB; Durable Object RPC carries at most 32 MiB. */
export const BATCH_BODY_LIMIT = 16 * 1024 * 1024;
const TASK_BODY_LIMIT = 128 * 1024;

const limit = (maxSize: number) =>
  bodyLimit({
    maxSize,
    onError: () => {
      throw problems.payloadTooLarge("body", `The request body exceeds ${Math.round(maxSize / 1024)} KiB.`);
    },
  });

export const tasksRoutes = createRouter();
tasksRoutes.post("/tasks", limit(TASK_BODY_LIMIT));
tasksRoutes.post("/tasks/batch", limit(BATCH_BODY_LIMIT));

const IdempotencyHeaders = z.object({
  "idempotency-key": z
    .string()
    .min(1)
    .max(255)
    .regex(/^[\x21-\x7e]+$/, "printable ASCII without spaces")
    .optional()
    .openapi({
      description: "Replaying the same key and body returns the first response and creates nothing.",
    }),
});

tasksRoutes.openapi(
  createRoute({
    method: "post",
    path: "/tasks",
    operationId: "createTask",
    description:
      "Queues a task with its impact, urgency and risk (0–1), the capabilities an agent needs and a payload. The hub assigns it to an eligible agent on its next tick; follow it with GET /tasks/{id} or the event stream.",
    tags: ["Tasks"],
    summary: "Submit one task",
    security,
    request: { body: { required: true, ...json(TaskInputSchema) } },
    responses: { 202: { description: "Accepted and queued", ...json(TaskSchema) }, ...ProblemResponses },
  }),
  async (c) => {
    const hub = hubFor(c.env, c.get("principal").tenantId);
    const { taskIds } = await viaHub(
      hub.submitTasks([c.req.valid("json")], null, { correlationId: c.get("requestId") }),
    );
    const task = toTaskView(await viaHub(hub.getTask(taskIds[0] ?? "")));
    c.header("Location", `/api/v1/tasks/${task.id}`);
    return c.json(task, 202);
  },
);

tasksRoutes.openapi(
  createRoute({
    method: "post",
    path: "/tasks/batch",
    operationId: "createTaskBatch",
    description:
      "Queues up to 1,000 tasks in one request. With an `Idempotency-Key` header, repeating the same request returns the first answer instead of creating the tasks again; the same key with a different body is a 409.",
    tags: ["Tasks"],
    summary: "Submit up to 1,000 tasks at once",
    security,
    request: { headers: IdempotencyHeaders, body: { required: true, ...json(TaskBatchSchema) } },
    responses: {
      202: {
        description: "Accepted; ids in the order given",
        ...json(z.object({ taskIds: z.array(z.string()), replayed: z.boolean() })),
      },
      ...ProblemResponses,
    },
  }),
  async (c) => {
    const body = c.req.valid("json");
    const key = c.req.valid("header")["idempotency-key"];
    const idempotency = key ? { key, bodyHash: await sha256Hex(JSON.stringify(body)) } : null;
    const hub = hubFor(c.env, c.get("principal").tenantId);
    const result = await viaHub(
      hub.submitTasks(body.tasks, idempotency, { correlationId: c.get("requestId") }),
    );
    if (result.replayed) c.header("Idempotent-Replayed", "true");
    return c.json(result, 202);
  },
);

tasksRoutes.openapi(
  createRoute({
    method: "get",
    path: "/tasks",
    operationId: "listTasks",
    description:
      "Tasks newest first, optionally filtered by status, with cursor pagination. Includes tasks that retention moved out of the hub into history.",
    tags: ["Tasks"],
    summary: "List tasks, newest first",
    security,
    request: { query: ListQuery.extend(TaskListQuery.shape) },
    responses: {
      200: {
        description: "A page of tasks",
        ...json(z.object({ tasks: z.array(TaskSchema), nextCursor: z.string().nullable() })),
      },
      ...ProblemResponses,
    },
  }),
  async (c) => {
    const q = c.req.valid("query");
    const before = decodeCursor(q.cursor, TASK_ID);
    const page = await listTaskPage(c.env, c.get("principal").tenantId, {
      limit: q.limit,
      ...(q.status ? { status: q.status } : {}),
      ...(q.agentId ? { agentId: q.agentId } : {}),
      ...(before ? { before } : {}),
    });
    return c.json({ tasks: page.tasks, nextCursor: encodeCursor(page.nextBefore) }, 200);
  },
);

tasksRoutes.openapi(
  createRoute({
    method: "get",
    path: "/tasks/{id}",
    operationId: "getTask",
    tags: ["Tasks"],
    summary: "Get a task with its attempts",
    description:
      "Open tasks, and finished ones for at least an hour, are read live. Older finished tasks are " +
      "answered from history (in the same shape; capabilities, hold reason, probe flags, assignment " +
      "times, LLM usage and payload are not kept there) until the tenant's `retention.historyDays` " +
      "removes them; then 404.",
    security,
    request: { params: TaskParams },
    responses: { 200: { description: "The task", ...json(TaskSchema) }, ...ProblemResponses },
  }),
  async (c) => {
    const tenantId = c.get("principal").tenantId;
    const { id } = c.req.valid("param");
    const live = await hubFor(c.env, tenantId).getTask(id);
    const past =
      !live.ok && live.problem.status === 404 ? await taskFromHistory(c.env.DB, tenantId, id) : null;
    if (past) return c.json(past, 200);
    return c.json(toTaskView(await viaHub(Promise.resolve(live))), 200);
  },
);

tasksRoutes.openapi(
  createRoute({
    method: "post",
    path: "/tasks/{id}/cancel",
    operationId: "cancelTask",
    description:
      "Cancels a task that is queued or assigned, with a reason. A task that has already ended is a 409; cancelling a cancelled task again changes nothing.",
    tags: ["Tasks"],
    summary: "Cancel a queued or assigned task",
    security,
    request: {
      params: TaskParams,
      body: { required: false, ...json(z.object({ reason: z.string().trim().min(1).max(500).optional() })) },
    },
    responses: { 200: { description: "Cancelled", ...json(TaskSchema) }, ...ProblemResponses },
  }),
  async (c) => {
    const reason = c.req.valid("json")?.reason ?? "cancelled by client";
    const hub = hubFor(c.env, c.get("principal").tenantId);
    const task = toTaskView(
      await viaHub(hub.cancelTask(c.req.valid("param").id, reason, { correlationId: c.get("requestId") })),
    );
    return c.json(task, 200);
  },
);
