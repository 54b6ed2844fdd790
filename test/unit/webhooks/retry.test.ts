import { describe, expect, it } from "vitest";
import { MAX_DELAY_S, retryDelaySeconds, retryScale } from "../../../worker/webhooks/retry";

describe("webhook retry schedule", () => {
  it("follows 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h without jitter", () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((a) => retryDelaySeconds(a, mid))).toEqual([
      5, 300, 1800, 7200, 18_000, 36_000, 36_000, 36_000,
    ]);
  });

  it("jitters by at most ±20 % and never exceeds the Queues limit", () => {
    for (let attempt = 1; attempt <= 10; attempt++) {
      const base = retryDelaySeconds(attempt, () => 0.5);
      const low = retryDelaySeconds(attempt, () => 0);
      const high = retryDelaySeconds(attempt, () => 0.999_999);
      expect(low).toBeGreaterThanOrEqual(Math.floor(base * 0.8));
      expect(high).toBeLessThanOrEqual(Math.min(MAX_DELAY_S, Math.ceil(base * 1.2)));
      expect(high).toBeLessThanOrEqual(MAX_DELAY_S);
    }
  });

  it("scales for tests and treats nonsense as 1", () => {
    expect(retryDelaySeconds(3, () => 0.5, 0)).toBe(0);
    expect(retryDelaySeconds(3, () => 0.5, 0.01)).toBe(18);
    expect(retryScale(undefined)).toBe(1);
    expect(retryScale("0")).toBe(0);
    expect(retryScale("-2")).toBe(1);
    expect(retryScale("abc")).toBe(1);
  });
});
