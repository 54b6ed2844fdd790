import { json } from "@remix-run/cloudflare";
import type { ProblemBody } from "../../../../shared/problems";
import { attempt, formNumber, formString } from "../../lib/actions.server";
import { ApiError } from "../../lib/api.server";
import type { Signed } from "../../lib/auth.server";
import {
  chunkKey,
  chunkTasks,
  isUploadKey,
  MAX_UPLOAD_ROWS,
  type RowError,
  splitCommaList,
  type TaskDraft,
} from "../../lib/task-rows";
import type { ActionResult } from "../problem-notice";
import type { BatchSendResult, BatchStatusResult, Task, TaskPage } from "./types";

function invalid(headers: Headers, field: string, message: string, detail: string) {
  const problem: ProblemBody = {
    type: "about:blank",
    title: "Invalid request",
    status: 400,
    detail,
    errors: [{ field, message }],
  };
  return json({ problem } satisfies ActionResult, { status: 400, headers });
}

/** One task from the submit form; the payload is checked as JSON here too, not only in the browser. */
export async function submitTask(signed: Signed, form: FormData) {
  const payloadText = formString(form, "payload");
  let payload: unknown;
  if (payloadText) {
    try {
      payload = JSON.parse(payloadText);
    } catch (err) {
      return invalid(
        signed.headers,
        "payload",
        `is not valid JSON (${(err as Error).message})`,
        "The payload is not valid JSON.",
      );
    }
  }
  const externalId = formString(form, "externalId");
  const maxAttempts = formNumber(form, "maxAttempts");
  const body = {
    impact: formNumber(form, "impact"),
    urgency: formNumber(form, "urgency"),
    risk: formNumber(form, "risk"),
    capabilities: splitCommaList(formString(form, "capabilities")),
    ...(externalId ? { externalId } : {}),
    ...(maxAttempts !== undefined ? { maxAttempts } : {}),
    ...(payloadText ? { payload } : {}),
  };
  return attempt(signed.headers, async () => {
    const task = await signed.api.call<Task>("/tasks", { method: "POST", body });
    return { message: `Task ${task.id} queued.`, once: { taskId: task.id } };
  });
}

/** `tasks[3].impact` in chunk terms → row and column of the upload. */
function rowErrorsOf(problem: ProblemBody, offset: number): RowError[] {
  return (problem.errors ?? []).map((e) => {
    const m = /^tasks\[(\d+)\]\.?(.*)$/.exec(e.field);
    return m
      ? { row: offset + Number(m[1]) + 1, column: m[2] || "row", message: e.message }
      : { row: 0, column: e.field, message: e.message };
  });
}

/**
 * Sends an upload chunk by chunk, each with its own Idempotency-Key derived from the upload's, so
 * a retry after a failure replays the chunks already accepted instead of creating them again.
 */
export async function sendBatch(signed: Signed, form: FormData) {
  const uploadKey = formString(form, "uploadKey");
  if (!isUploadKey(uploadKey))
    return invalid(
      signed.headers,
      "uploadKey",
      "must be 8 to 200 printable characters",
      "The upload has no valid key.",
    );
  let tasks: unknown;
  try {
    tasks = JSON.parse(formString(form, "tasks"));
  } catch {
    return invalid(signed.headers, "tasks", "is not valid JSON", "The upload's tasks could not be read.");
  }
  if (!Array.isArray(tasks) || tasks.length === 0 || tasks.length > MAX_UPLOAD_ROWS)
    return invalid(
      signed.headers,
      "tasks",
      `must hold 1 to ${MAX_UPLOAD_ROWS} tasks`,
      "The upload's size is out of range.",
    );

  const chunks = chunkTasks(tasks as TaskDraft[]);
  const taskIds: string[] = [];
  let replayed = 0;
  let offset = 0;
  for (const [i, chunk] of chunks.entries()) {
    try {
      const res = await signed.api.call<{ taskIds: string[]; replayed: boolean }>("/tasks/batch", {
        method: "POST",
        body: { tasks: chunk },
        headers: { "Idempotency-Key": chunkKey(uploadKey, i) },
      });
      taskIds.push(...res.taskIds);
      if (res.replayed) replayed += 1;
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const result: BatchSendResult = {
        problem: err.problem,
        taskIds,
        chunks: chunks.length,
        sentChunks: i,
        replayed,
        rowErrors: rowErrorsOf(err.problem, offset),
      };
      return json(result, { status: err.status, headers: signed.headers });
    }
    offset += chunk.length;
  }
  const result: BatchSendResult = {
    ok: true,
    message: `${taskIds.length} tasks accepted${chunks.length > 1 ? ` in ${chunks.length} requests` : ""}.`,
    taskIds,
    chunks: chunks.length,
    sentChunks: chunks.length,
    replayed,
  };
  return json(result, { headers: signed.headers });
}

const STATUS_PAGES = 20;

/**
 * Current statuses of some tasks, for when live events may have been missed (a reconnect): pages
 * through the newest tasks until all are found or the pages reach back past the upload.
 */
export async function batchStatus(signed: Signed, form: FormData) {
  let ids: unknown;
  try {
    ids = JSON.parse(formString(form, "ids"));
  } catch {
    ids = [];
  }
  const wanted = new Set(
    Array.isArray(ids) ? ids.filter((x): x is string => typeof x === "string").slice(0, MAX_UPLOAD_ROWS) : [],
  );
  const since = Date.parse(formString(form, "since")) || 0;
  const statuses: BatchStatusResult["statuses"] = {};
  let found = 0;
  let cursor: string | null = null;
  for (let page = 0; page < STATUS_PAGES && found < wanted.size; page++) {
    let res: TaskPage;
    try {
      res = await signed.api.get<TaskPage>("/tasks", { limit: 200, cursor });
    } catch (err) {
      // A failed check is retried later; the progress view keeps what it has.
      if (err instanceof ApiError) break;
      throw err;
    }
    for (const t of res.tasks)
      if (wanted.has(t.id) && !(t.id in statuses)) {
        statuses[t.id] = t.status;
        found += 1;
      }
    const oldest = res.tasks[res.tasks.length - 1];
    cursor = res.nextCursor;
    if (!cursor || (oldest && Date.parse(oldest.createdAt) < since)) break;
  }
  return json({ statuses } satisfies BatchStatusResult, { headers: signed.headers });
}

export async function cancelTask(signed: Signed, form: FormData) {
  const id = formString(form, "taskId");
  const reason = formString(form, "reason");
  return attempt(signed.headers, async () => {
    await signed.api.call<Task>(`/tasks/${encodeURIComponent(id)}/cancel`, {
      method: "POST",
      body: reason ? { reason } : {},
    });
    return `Task ${id} cancelled.`;
  });
}
