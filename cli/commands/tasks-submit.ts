import type { components } from "../../shared/client";
import { type Batch, planBatches } from "../batches";
import type { CliContext } from "../config";
import { UsageError } from "../errors";
import { followEvents, latestSeq } from "../event-follow";
import { call, sleep } from "../http";
import { plural } from "../output";
import { createProgress, type Progress, progressMode } from "../progress";
import { formatRowError, readTaskFile, type TaskFile } from "../task-file";
import { reconcile, TaskTracker, TERMINAL_EVENT_TYPES, terminalOf } from "../task-tracker";
import { printSubmitReport, type SubmitReport, type Waiting } from "./submit-report";

export const DEFAULT_TIMEOUT_SECONDS = 3600;
/** With no outcome for this long, the API is asked directly (doubling while nothing changes). */
const QUIET_MS = 5000;
const MAX_QUIET_MS = 60_000;
const MAX_ERRORS_SHOWN = 50;

export interface SubmitOptions {
  timeoutSeconds: number;
}

function readFile(path: string): TaskFile {
  try {
    return readTaskFile(path);
  } catch (err) {
    throw new UsageError(`Cannot read ${path}: ${(err as Error).message}`);
  }
}

/** Prints every row error and returns exit code 2: nothing has been sent. */
function refuse(ctx: CliContext, path: string, file: TaskFile): number {
  if (ctx.json) {
    process.stdout.write(`${JSON.stringify({ file: path, valid: false, errors: file.errors }, null, 2)}\n`);
    return 2;
  }
  const lines = file.errors.slice(0, MAX_ERRORS_SHOWN).map(formatRowError);
  if (file.errors.length > MAX_ERRORS_SHOWN)
    lines.push(`… and ${plural(file.errors.length - MAX_ERRORS_SHOWN, "more error")}`);
  process.stderr.write(
    `${path} has ${plural(file.errors.length, "error")}; nothing was submitted.\n${lines.join("\n")}\n`,
  );
  return 2;
}

async function sendBatches(
  ctx: CliContext,
  batches: Batch[],
  tracker: TaskTracker,
  progress: Progress,
  signal: AbortSignal,
): Promise<SubmitReport["batches"]> {
  const sent: SubmitReport["batches"] = [];
  for (const batch of batches) {
    if (signal.aborted) break;
    const res = await call(
      () =>
        ctx.client.POST("/tasks/batch", {
          params: { header: { "idempotency-key": batch.idempotencyKey } },
          // The document types `payload` as an object; the API takes any JSON value there.
          body: { tasks: batch.tasks as components["schemas"]["TaskInput"][] },
          signal,
        }),
      {
        baseUrl: ctx.url,
        signal,
        onRetry: (err, waitMs) =>
          progress.note(
            `batch ${batch.index + 1}: ${err.message} — retrying in ${(waitMs / 1000).toFixed(1)} s`,
          ),
      },
    );
    tracker.accept(res.taskIds);
    sent.push({
      index: batch.index,
      idempotencyKey: batch.idempotencyKey,
      tasks: batch.tasks.length,
      replayed: res.replayed,
    });
    progress.update(tracker.counts());
  }
  return sent;
}

/**
 * `warden tasks submit FILE`: validate every row, send the batches, then follow the event stream
 * until every task has ended. Exit codes: 0 all succeeded, 1 some failed or were cancelled,
 * 2 the file was refused, 3 timed out, 130 interrupted.
 */
export async function submitTasks(ctx: CliContext, path: string, opts: SubmitOptions): Promise<number> {
  const started = Date.now();
  const file = readFile(path);
  if (file.errors.length) return refuse(ctx, path, file);
  const batches = planBatches(file.tasks, file.contentHash);

  const stop = new AbortController();
  let interrupted = false;
  const onSigint = () => {
    interrupted = true;
    stop.abort();
  };
  process.once("SIGINT", onSigint);
  // Recorded before anything is sent, so the stream replays every outcome of these tasks.
  const after = await latestSeq(ctx.client, ctx.url, stop.signal);
  const tracker = new TaskTracker(file.tasks.length);
  const progress = createProgress(progressMode(ctx.json), file.tasks.length);
  let lastChange = Date.now();
  let quietMs = QUIET_MS;
  let recheck = false;
  let followError: unknown = null;
  const follow = followEvents({
    client: ctx.client,
    baseUrl: ctx.url,
    after,
    types: TERMINAL_EVENT_TYPES,
    signal: stop.signal,
    onEvent(e) {
      const status = terminalOf(e.type);
      if (!status || !e.taskId) return;
      const reason = typeof e.data.reason === "string" ? e.data.reason : null;
      if (tracker.finish(e.taskId, { status, reason })) {
        lastChange = Date.now();
        quietMs = QUIET_MS;
        progress.update(tracker.counts());
      }
    },
    onResync() {
      // Events between our position and the oldest kept are gone: ask for the tasks instead.
      recheck = true;
    },
    onConnection(state) {
      if (!state.connected) progress.note(`event stream interrupted (${state.reason}); reconnecting…`);
    },
  }).catch((err: unknown) => {
    followError = err;
  });

  const deadline = started + opts.timeoutSeconds * 1000;
  let waiting: Waiting | null = null;
  let sent: SubmitReport["batches"] = [];
  try {
    sent = await sendBatches(ctx, batches, tracker, progress, stop.signal);
    // A replayed batch may have finished long ago: its events are older than our position.
    recheck ||= sent.some((b) => b.replayed);
    while (!stop.signal.aborted && !tracker.allDone() && Date.now() < deadline) {
      if (followError) throw followError;
      if (recheck || Date.now() - lastChange >= quietMs) {
        const before = tracker.counts().open;
        await reconcile(ctx.client, ctx.url, tracker, stop.signal);
        progress.update(tracker.counts());
        recheck = false;
        lastChange = Date.now();
        quietMs = tracker.counts().open < before ? QUIET_MS : Math.min(MAX_QUIET_MS, quietMs * 2);
        continue;
      }
      await sleep(200, stop.signal);
    }
    if (!interrupted && !tracker.allDone()) {
      const holds = await reconcile(ctx.client, ctx.url, tracker);
      if (!tracker.allDone())
        waiting = { queued: Object.fromEntries(holds.queued), assigned: holds.assigned };
    }
  } finally {
    progress.update(tracker.counts());
    progress.stop();
    stop.abort();
    process.off("SIGINT", onSigint);
    await follow;
  }

  const c = tracker.counts();
  const report: SubmitReport = {
    file: path,
    format: file.format,
    total: c.total,
    accepted: c.accepted,
    succeeded: c.succeeded,
    failed: c.failed,
    cancelled: c.cancelled,
    open: c.total - c.succeeded - c.failed - c.cancelled,
    timedOut: waiting !== null,
    interrupted,
    durationMs: Date.now() - started,
    batches: sent,
    waiting,
    unsuccessful: tracker.unsuccessful(),
    taskIds: tracker.acceptedIds(),
  };
  printSubmitReport(report, ctx.json, opts.timeoutSeconds);
  if (interrupted) return 130;
  if (report.timedOut) return 3;
  return report.failed + report.cancelled > 0 ? 1 : 0;
}
