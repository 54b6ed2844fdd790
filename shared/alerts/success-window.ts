/**
 * Task outcomes over a sliding window, counted in fixed buckets so a busy tenant costs a few
 * dozen numbers however many results it has. A bucket counts until its whole span has left the
 * window, so the window is exact to within one bucket (10 s at the default 5 minutes).
 */

export interface SuccessBucket {
  start: number;
  successes: number;
  failures: number;
}

export interface SuccessWindow {
  bucketMs: number;
  /** Oldest first. */
  buckets: SuccessBucket[];
}

export interface WindowCounts {
  successes: number;
  failures: number;
}

const MAX_BUCKET_MS = 10_000;
const MIN_BUCKET_MS = 100;
/** About this many buckets span a window. */
const BUCKETS_PER_WINDOW = 30;

export function bucketMsFor(windowMs: number): number {
  return Math.min(MAX_BUCKET_MS, Math.max(MIN_BUCKET_MS, Math.ceil(windowMs / BUCKETS_PER_WINDOW)));
}

export function emptyWindow(windowMs: number): SuccessWindow {
  return { bucketMs: bucketMsFor(windowMs), buckets: [] };
}

/** The window at another length: buckets of the old size cannot be split, so counting starts over. */
export function fitWindow(window: SuccessWindow, windowMs: number): SuccessWindow {
  return window.bucketMs === bucketMsFor(windowMs) ? window : emptyWindow(windowMs);
}

/**
 * What a task event says about competence: `task.completed` is a success; a retried or failed
 * attempt whose outcome was a failure or a timeout is a failure. Rate-limited and rejected
 * attempts, and tasks that never ran (queue timeouts, released or dead-lettered attempts), say
 * nothing about the agents.
 */
export function competenceOf(event: { type: string; data: Record<string, unknown> }): boolean | null {
  if (event.type === "task.completed") return true;
  if (event.type === "task.retried" || event.type === "task.failed") {
    const outcome = event.data.outcome;
    if (outcome === "failure" || outcome === "timeout") return false;
  }
  return null;
}

/** Drops the buckets that have left the window; returns the same object when none has. */
export function pruneWindow(window: SuccessWindow, windowMs: number, now: number): SuccessWindow {
  const from = now - windowMs;
  const kept = window.buckets.filter((b) => b.start + window.bucketMs > from);
  return kept.length === window.buckets.length ? window : { ...window, buckets: kept };
}

/** Adds results that happened at `now` (a new window object; the input is not changed). */
export function addResults(
  window: SuccessWindow,
  now: number,
  successes: number,
  failures: number,
): SuccessWindow {
  if (!successes && !failures) return window;
  const start = now - (now % window.bucketMs);
  const buckets = window.buckets.map((b) => ({ ...b }));
  const last = buckets[buckets.length - 1];
  if (last && last.start === start) {
    last.successes += successes;
    last.failures += failures;
  } else if (last && last.start > start) {
    // The clock stepped back (a restarted object on another machine): count it in the newest bucket.
    last.successes += successes;
    last.failures += failures;
  } else {
    buckets.push({ start, successes, failures });
  }
  return { ...window, buckets };
}

export function windowCounts(window: SuccessWindow, windowMs: number, now: number): WindowCounts {
  let successes = 0;
  let failures = 0;
  for (const b of pruneWindow(window, windowMs, now).buckets) {
    successes += b.successes;
    failures += b.failures;
  }
  return { successes, failures };
}

/** When the oldest bucket leaves the window (the counts change then), or null when it is empty. */
export function nextExpiry(window: SuccessWindow, windowMs: number): number | null {
  const oldest = window.buckets[0];
  return oldest ? oldest.start + window.bucketMs + windowMs : null;
}
