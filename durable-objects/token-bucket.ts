import type { BucketLimit } from "../shared/schemas/tenant";

/**
 * Token-bucket arithmetic, kept free of I/O so it can be reasoned about (and tested) alone.
 * A bucket holds at most `burst` tokens and regains `perSecond` tokens per second, continuously.
 */
export interface Bucket {
  tokens: number;
  /** When `tokens` was last brought up to date (ms). */
  at: number;
  limit: BucketLimit;
}

/** What the `RateLimit-*` headers report for one bucket. */
export interface BucketState {
  limit: number;
  remaining: number;
  /** Seconds until the bucket is full again. */
  reset: number;
}

// Refill accumulates floating-point fractions; without a tolerance 0.9999999 tokens would refuse
// a request that is in fact affordable.
const EPSILON = 1e-9;

/**
 * The bucket as of `now` under `limit`. A new bucket starts full. Lowering the burst trims the
 * tokens held at once, so a tightened limit binds from the next request on.
 */
export function refill(bucket: Bucket | undefined, limit: BucketLimit, now: number): Bucket {
  if (!bucket) return { tokens: limit.burst, at: now, limit };
  const elapsed = Math.max(0, now - bucket.at) / 1000;
  return { tokens: Math.min(limit.burst, bucket.tokens + elapsed * limit.perSecond), at: now, limit };
}

export function affords(bucket: Bucket, cost: number): boolean {
  return bucket.tokens + EPSILON >= cost;
}

export function stateOf(bucket: Bucket): BucketState {
  const missing = Math.max(0, bucket.limit.burst - bucket.tokens);
  return {
    limit: bucket.limit.burst,
    remaining: Math.max(0, Math.floor(bucket.tokens + EPSILON)),
    reset: Math.max(0, Math.ceil(missing / bucket.limit.perSecond - EPSILON)),
  };
}

/** Whole seconds until `cost` tokens will be there; at least 1, as Retry-After: 0 invites a spin. */
export function secondsUntil(bucket: Bucket, cost: number): number {
  return Math.max(1, Math.ceil((cost - bucket.tokens) / bucket.limit.perSecond - EPSILON));
}

/** True when the bucket is full: it is then indistinguishable from a new one and can be dropped. */
export function isFull(bucket: Bucket, now: number): boolean {
  return refill(bucket, bucket.limit, now).tokens + EPSILON >= bucket.limit.burst;
}
