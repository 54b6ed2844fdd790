import { describe, expect, it } from "vitest";
import {
  addResults,
  bucketMsFor,
  competenceOf,
  emptyWindow,
  fitWindow,
  nextExpiry,
  pruneWindow,
  windowCounts,
} from "../../../shared/alerts/success-window";

const FIVE_MIN = 300_000;

describe("the success-rate window", () => {
  it("uses 10 s buckets for the default 5 minutes and finer ones for short windows", () => {
    expect(bucketMsFor(FIVE_MIN)).toBe(10_000);
    expect(bucketMsFor(3000)).toBe(100);
    expect(bucketMsFor(24 * 3600_000)).toBe(10_000);
  });

  it("counts results for the window's length and forgets them after", () => {
    let w = emptyWindow(FIVE_MIN);
    w = addResults(w, 1_000, 3, 1);
    w = addResults(w, 5_000, 1, 0); // same bucket
    w = addResults(w, 61_000, 0, 2);
    expect(w.buckets).toHaveLength(2);
    expect(windowCounts(w, FIVE_MIN, 100_000)).toEqual({ successes: 4, failures: 3 });
    // The first bucket [0, 10 s) leaves when its end is older than the window.
    expect(nextExpiry(w, FIVE_MIN)).toBe(310_000);
    expect(windowCounts(w, FIVE_MIN, 309_999)).toEqual({ successes: 4, failures: 3 });
    expect(windowCounts(w, FIVE_MIN, 310_000)).toEqual({ successes: 0, failures: 2 });
    const pruned = pruneWindow(w, FIVE_MIN, 310_000);
    expect(pruned.buckets).toHaveLength(1);
    expect(nextExpiry(pruned, FIVE_MIN)).toBe(370_000);
    expect(pruneWindow(emptyWindow(FIVE_MIN), FIVE_MIN, 0).buckets).toEqual([]);
    expect(nextExpiry(emptyWindow(FIVE_MIN), FIVE_MIN)).toBeNull();
  });

  it("never changes the window it is given, and returns it as is when nothing changes", () => {
    const w = addResults(emptyWindow(FIVE_MIN), 1_000, 1, 0);
    const copy = structuredClone(w);
    addResults(w, 2_000, 5, 5);
    expect(w).toEqual(copy);
    expect(addResults(w, 2_000, 0, 0)).toBe(w);
    expect(pruneWindow(w, FIVE_MIN, 2_000)).toBe(w);
    expect(fitWindow(w, FIVE_MIN)).toBe(w);
    expect(fitWindow(w, 3000).buckets).toEqual([]);
  });

  it("counts successes and failures or timeouts, and nothing that says nothing about competence", () => {
    const e = (type: string, outcome: unknown) => ({ type, data: { outcome } });
    expect(competenceOf(e("task.completed", "success"))).toBe(true);
    expect(competenceOf(e("task.retried", "failure"))).toBe(false);
    expect(competenceOf(e("task.failed", "timeout"))).toBe(false);
    expect(competenceOf(e("task.retried", "rate_limited"))).toBeNull();
    expect(competenceOf(e("task.failed", "rejected"))).toBeNull();
    // A queue timeout, a released or dead-lettered attempt: the task never ran.
    expect(competenceOf(e("task.failed", null))).toBeNull();
    expect(competenceOf(e("task.retried", null))).toBeNull();
    expect(competenceOf(e("trust.updated", "failure"))).toBeNull();
  });
});
