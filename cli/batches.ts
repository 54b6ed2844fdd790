import { chunkKey, chunkTasks, MAX_TASKS_PER_REQUEST } from "../dashboard/app/lib/task-rows";
import type { TaskInput } from "../shared/schemas/tasks";

export interface Batch {
  index: number;
  /** Sent as `Idempotency-Key`: the same file always yields the same keys and bodies. */
  idempotencyKey: string;
  tasks: TaskInput[];
}

/**
 * The root of a file's idempotency keys. It depends on the file's bytes only, so re-running the
 * same file (after a crash, a Ctrl+C or a timeout) replays the batches already accepted instead of
 * submitting them again, while an edited file gets new keys.
 */
export function fileKey(contentHash: string): string {
  return `warden-cli-${contentHash.slice(0, 40)}`;
}

/**
 * Requests of at most 1,000 tasks (the API's limit per request) and a few MiB each. The split
 * depends only on the tasks, so every run of a file cuts the same batches.
 */
export function planBatches(
  tasks: TaskInput[],
  contentHash: string,
  maxCount = MAX_TASKS_PER_REQUEST,
): Batch[] {
  const root = fileKey(contentHash);
  return chunkTasks(tasks, maxCount).map((chunk, index) => ({
    index,
    idempotencyKey: chunkKey(root, index),
    tasks: chunk as TaskInput[],
  }));
}
