import type { components, WardenClient } from "../shared/client";
import { call } from "./http";

type Task = components["schemas"]["Task"];
export type Terminal = "succeeded" | "failed" | "cancelled";

export interface Counts {
  total: number;
  accepted: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  open: number;
}

export interface Finished {
  status: Terminal;
  reason: string | null;
}

const TERMINAL_EVENTS: Record<string, Terminal> = {
  "task.completed": "succeeded",
  "task.failed": "failed",
  "task.cancelled": "cancelled",
};
export const TERMINAL_EVENT_TYPES = Object.keys(TERMINAL_EVENTS).join(",");

export function terminalOf(eventType: string): Terminal | undefined {
  return TERMINAL_EVENTS[eventType];
}

/**
 * Which of the submitted tasks have ended, and how. Events for a task may arrive before its batch's
 * response names it (the stream is followed while batches are still being sent), so outcomes of
 * unknown ids are held until the id turns up.
 */
export class TaskTracker {
  private readonly accepted = new Set<string>();
  private readonly finished = new Map<string, Finished>();
  private readonly early = new Map<string, Finished>();

  constructor(readonly total: number) {}

  accept(ids: string[]): void {
    for (const id of ids) {
      this.accepted.add(id);
      const seen = this.early.get(id);
      if (seen) {
        this.early.delete(id);
        this.finished.set(id, seen);
      }
    }
  }

  /** True when this changed the counts. */
  finish(id: string, outcome: Finished): boolean {
    if (this.finished.has(id)) return false;
    if (!this.accepted.has(id)) {
      this.early.set(id, outcome);
      return false;
    }
    this.finished.set(id, outcome);
    return true;
  }

  counts(): Counts {
    const c = {
      total: this.total,
      accepted: this.accepted.size,
      succeeded: 0,
      failed: 0,
      cancelled: 0,
      open: 0,
    };
    for (const f of this.finished.values()) c[f.status]++;
    c.open = c.accepted - c.succeeded - c.failed - c.cancelled;
    return c;
  }

  /** Every accepted id, in the order of the file. */
  acceptedIds(): string[] {
    return [...this.accepted];
  }

  isOpen(id: string): boolean {
    return this.accepted.has(id) && !this.finished.has(id);
  }

  openIds(): string[] {
    return [...this.accepted].filter((id) => !this.finished.has(id));
  }

  /** Tasks that did not succeed, with why. */
  unsuccessful(): ({ id: string } & Finished)[] {
    return [...this.finished].filter(([, f]) => f.status !== "succeeded").map(([id, f]) => ({ id, ...f }));
  }

  allDone(): boolean {
    return this.accepted.size === this.total && this.finished.size === this.total;
  }
}

/**
 * Pages through GET /tasks?status=… newest first, stopping at tasks older than the oldest wanted id
 * (ids sort by creation time), and hands over the wanted ones found.
 */
async function scan(
  client: WardenClient,
  baseUrl: string,
  status: Task["status"],
  wanted: Set<string>,
  visit: (task: Task) => void,
  signal?: AbortSignal,
): Promise<void> {
  // Ids are time-sortable: the smallest is the oldest.
  const oldest = [...wanted].sort()[0] ?? "";
  let cursor: string | undefined;
  for (;;) {
    const page = await call(
      () =>
        client.GET("/tasks", {
          params: { query: { status, limit: 200, ...(cursor ? { cursor } : {}) } },
          signal,
        }),
      { baseUrl, signal },
    );
    for (const task of page.tasks) if (wanted.has(task.id)) visit(task);
    const last = page.tasks[page.tasks.length - 1];
    if (!page.nextCursor || !last || last.id < oldest) return;
    cursor = page.nextCursor;
  }
}

/**
 * Asks the API for the tasks the stream has not reported ended, so a missed event can never keep
 * the command waiting. Returns why each still-open task is waiting.
 */
export async function reconcile(
  client: WardenClient,
  baseUrl: string,
  tracker: TaskTracker,
  signal?: AbortSignal,
): Promise<{ queued: Map<string, number>; assigned: number }> {
  const open = new Set(tracker.openIds());
  const holds = { queued: new Map<string, number>(), assigned: 0 };
  if (open.size === 0) return holds;
  for (const status of ["succeeded", "failed", "cancelled"] as const) {
    await scan(
      client,
      baseUrl,
      status,
      open,
      (t) => tracker.finish(t.id, { status, reason: t.reason }),
      signal,
    );
    for (const id of open) if (!tracker.isOpen(id)) open.delete(id);
    if (open.size === 0) return holds;
  }
  await scan(
    client,
    baseUrl,
    "queued",
    open,
    (t) => {
      const why = t.holdReason ?? "waiting to be assigned";
      holds.queued.set(why, (holds.queued.get(why) ?? 0) + 1);
    },
    signal,
  );
  await scan(client, baseUrl, "assigned", open, () => holds.assigned++, signal);
  return holds;
}
