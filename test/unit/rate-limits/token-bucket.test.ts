import { describe, expect, it } from "vitest";
import { affords, isFull, refill, secondsUntil, stateOf } from "../../../durable-objects/token-bucket";

const limit = { burst: 10, perSecond: 2 };

describe("token bucket", () => {
  it("starts full and refills continuously, never above the burst", () => {
    const fresh = refill(undefined, limit, 0);
    expect(fresh.tokens).toBe(10);
    fresh.tokens = 0;
    expect(refill(fresh, limit, 250).tokens).toBeCloseTo(0.5);
    expect(refill(fresh, limit, 60_000).tokens).toBe(10);
  });

  it("trims the tokens held when the burst is lowered", () => {
    const bucket = refill(undefined, limit, 0);
    expect(refill(bucket, { burst: 3, perSecond: 2 }, 1).tokens).toBe(3);
  });

  it("reports whole tokens remaining and whole seconds until full", () => {
    const bucket = { tokens: 6.4, at: 0, limit };
    expect(stateOf(bucket)).toEqual({ limit: 10, remaining: 6, reset: 2 });
    expect(stateOf({ tokens: 10, at: 0, limit })).toEqual({ limit: 10, remaining: 10, reset: 0 });
  });

  it("affords a cost the refill has only just covered, despite floating-point drift", () => {
    const bucket = { tokens: 0, at: 0, limit: { burst: 5, perSecond: 0.1 } };
    // 0.1 tokens/s for 10 s accumulates to 0.9999999999999999 in floating point steps.
    let b = bucket;
    for (let t = 1000; t <= 10_000; t += 1000) b = refill(b, b.limit, t);
    expect(affords(b, 1)).toBe(true);
    expect(affords(b, 2)).toBe(false);
  });

  it("asks for at least one second of waiting, and exactly enough for the cost", () => {
    expect(secondsUntil({ tokens: 0.99, at: 0, limit }, 1)).toBe(1);
    expect(secondsUntil({ tokens: 0, at: 0, limit }, 5)).toBe(3);
  });

  it("knows a bucket that has refilled is indistinguishable from a fresh one", () => {
    const bucket = { tokens: 9, at: 0, limit };
    expect(isFull(bucket, 100)).toBe(false);
    expect(isFull(bucket, 500)).toBe(true);
  });
});
