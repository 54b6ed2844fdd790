import { useFetcher } from "@remix-run/react";
import { useEffect, useMemo, useRef, useState } from "react";
import { useLiveEvents } from "../../lib/live/live-provider";
import type { BatchStatusResult } from "./types";

type Outcome = "succeeded" | "failed" | "cancelled";

const TERMINAL: Record<string, Outcome> = {
  "task.completed": "succeeded",
  "task.failed": "failed",
  "task.cancelled": "cancelled",
};
const TERMINAL_TYPES = Object.keys(TERMINAL);

/** With no live event for this long, ask the API instead (events may have been missed). */
const QUIET_MS = 8000;

export interface BatchCounts {
  accepted: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  pending: number;
  finished: number;
  done: boolean;
}

export function countBatch(ids: readonly string[], outcomes: ReadonlyMap<string, Outcome>): BatchCounts {
  const c = { succeeded: 0, failed: 0, cancelled: 0 };
  for (const id of ids) {
    const o = outcomes.get(id);
    if (o) c[o] += 1;
  }
  const finished = c.succeeded + c.failed + c.cancelled;
  return {
    accepted: ids.length,
    ...c,
    finished,
    pending: ids.length - finished,
    done: ids.length > 0 && finished === ids.length,
  };
}

interface TrackerOptions {
  /** The upload being tracked; a new key starts from nothing. */
  uploadKey: string;
  /** Listening starts when sending starts: tasks can finish before their ids come back. */
  listening: boolean;
  ids: readonly string[];
  csrf: string;
  since: string;
  /** Ask the API at once (a retried upload's tasks may have finished long ago). */
  checkNow: boolean;
}

/**
 * Counts a batch's tasks as they finish, from task.completed / failed / cancelled events. Events
 * arriving before the ids are known are kept, then matched. When events go quiet while tasks are
 * pending (a dropped connection), the statuses are fetched instead.
 */
export function useBatchTracker({
  uploadKey,
  listening,
  ids,
  csrf,
  since,
  checkNow,
}: TrackerOptions): BatchCounts {
  const [outcomes, setOutcomes] = useState<ReadonlyMap<string, Outcome>>(new Map());
  const lastActivity = useRef(Date.now());
  const status = useFetcher<BatchStatusResult>({ key: `batch-status-${uploadKey}` });
  const idSet = useMemo(() => (ids.length ? new Set(ids) : null), [ids]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new upload starts a new count
  useEffect(() => {
    setOutcomes(new Map());
    lastActivity.current = Date.now();
  }, [uploadKey]);

  useLiveEvents((events) => {
    if (!listening) return;
    lastActivity.current = Date.now();
    setOutcomes((prev) => {
      let next: Map<string, Outcome> | null = null;
      for (const e of events) {
        const outcome = TERMINAL[e.type];
        if (!outcome || !e.taskId || (idSet && !idSet.has(e.taskId)) || prev.get(e.taskId) === outcome)
          continue;
        next ??= new Map(prev);
        next.set(e.taskId, outcome);
      }
      return next ?? prev;
    });
  }, TERMINAL_TYPES);

  useEffect(() => {
    const statuses = status.data?.statuses;
    if (!statuses) return;
    setOutcomes((prev) => {
      const next = new Map(prev);
      for (const [id, s] of Object.entries(statuses))
        if (s === "succeeded" || s === "failed" || s === "cancelled") next.set(id, s);
      return next;
    });
  }, [status.data]);

  useEffect(() => {
    if (checkNow) lastActivity.current = 0;
  }, [checkNow]);

  const counts = countBatch(ids, outcomes);
  const pendingIds = useRef<string[]>([]);
  pendingIds.current = counts.done ? [] : ids.filter((id) => !outcomes.has(id));

  useEffect(() => {
    if (!listening || ids.length === 0) return;
    const timer = setInterval(() => {
      const pending = pendingIds.current;
      if (pending.length === 0 || status.state !== "idle" || Date.now() - lastActivity.current < QUIET_MS)
        return;
      lastActivity.current = Date.now();
      const form = new FormData();
      form.set("csrf", csrf);
      form.set("intent", "status");
      form.set("ids", JSON.stringify(pending));
      form.set("since", since);
      status.submit(form, { method: "post", action: "/tasks/batch", encType: "multipart/form-data" });
    }, 2000);
    return () => clearInterval(timer);
  }, [listening, ids, csrf, since, status.state, status.submit]);

  return counts;
}
