import { DurableObject } from "cloudflare:workers";
import { errorMessage, log } from "../shared/log";
import type { RateLimits } from "../shared/schemas/tenant";
import type { Env } from "../worker/env";
import {
  affords,
  type Bucket,
  type BucketState,
  isFull,
  refill,
  secondsUntil,
  stateOf,
} from "./token-bucket";

export interface TakeInput {
  tenantId: string;
  /** An API key id or a user id: each has a bucket of its own. */
  principalId: string;
  /** Tokens this request costs: 1, or the number of tasks in a batch. */
  cost: number;
  limits: RateLimits;
  /** The request's month (YYYY-MM, UTC), for the API-call counter. */
  month: string;
}

export type TakeResult = BucketState &
  (
    | { outcome: "allowed" }
    | { outcome: "limited"; retryAfter: number }
    /** The cost exceeds the bucket's burst: no amount of waiting makes this request affordable. */
    | { outcome: "too-large"; bucket: "key" | "tenant" }
  );

/** API-call counts reach D1 (for the platform's tenant list) within about this long. */
const FLUSH_DELAY_MS = 2_000;
const RETRY_FLUSH_MS = 30_000;
/** Above this many principal buckets, full ones (equal to a fresh bucket) are dropped. */
const SWEEP_ABOVE = 10_000;

const UPSERT_API_CALLS = `
  INSERT INTO tenant_usage (tenant_id, month, api_calls)
  SELECT ?1, ?2, ?3 WHERE EXISTS (SELECT 1 FROM tenants WHERE id = ?1)
  ON CONFLICT (tenant_id, month) DO UPDATE SET api_calls = MAX(api_calls, excluded.api_calls)`;

/**
 * One per tenant (`idFromName(tenantId)`): the tenant's bucket and one bucket per key or user.
 * A Durable Object runs one request at a time, so a charge is exact however many isolates serve
 * the tenant. Buckets live in memory only: an object is evicted only after a long idle spell,
 * by which time its buckets would have refilled anyway.
 *
 * API calls are counted per month. The count is written to the object's storage on every call,
 * without holding the response for the write to be confirmed, so it survives restarts and
 * deploys; `usage(month)` reads it exactly. An alarm copies it into D1 `tenant_usage` a couple of
 * seconds later, as an absolute value (`MAX`), so a retried or repeated copy never double counts.
 */
export class RateLimiter extends DurableObject<Env> {
  private tenantBucket: Bucket | undefined;
  private readonly buckets = new Map<string, Bucket>();
  private readonly calls = new Map<string, number>();
  private readonly flushed = new Map<string, number>();
  private tenantId: string | null = null;
  private alarmPending = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      this.tenantId = (await ctx.storage.get<string>("tenant")) ?? null;
      for (const [key, count] of await ctx.storage.list<number>({ prefix: "calls:" }))
        this.calls.set(key.slice("calls:".length), count);
      this.alarmPending = (await ctx.storage.getAlarm()) !== null;
    });
  }

  /** Charges `cost` to both the principal's and the tenant's bucket, or to neither. */
  async take(input: TakeInput): Promise<TakeResult> {
    const now = Date.now();
    const key = refill(this.buckets.get(input.principalId), input.limits.perKey, now);
    const tenant = refill(this.tenantBucket, input.limits.perTenant, now);
    this.buckets.set(input.principalId, key);
    this.tenantBucket = tenant;

    if (input.cost > key.limit.burst) return { outcome: "too-large", bucket: "key", ...stateOf(key) };
    if (input.cost > tenant.limit.burst)
      return { outcome: "too-large", bucket: "tenant", ...stateOf(tenant) };

    const short = [key, tenant].filter((b) => !affords(b, input.cost));
    if (short.length) {
      // Report the bucket that keeps the caller waiting longest: retrying sooner would fail again.
      const binding = short.reduce((a, b) =>
        secondsUntil(b, input.cost) > secondsUntil(a, input.cost) ? b : a,
      );
      return { outcome: "limited", retryAfter: secondsUntil(binding, input.cost), ...stateOf(binding) };
    }

    key.tokens -= input.cost;
    tenant.tokens -= input.cost;
    this.countCall(input.tenantId, input.month);
    if (this.buckets.size > SWEEP_ABOVE) this.sweep(now);
    // The headers describe whichever bucket is closer to refusing.
    const k = stateOf(key);
    const t = stateOf(tenant);
    return { outcome: "allowed", ...(k.remaining <= t.remaining ? k : t) };
  }

  /** Requests charged this month, exact (including ones not yet copied to D1). */
  async usage(month: string): Promise<{ apiCalls: number }> {
    return { apiCalls: this.calls.get(month) ?? 0 };
  }

  /** The tenant is being deleted: forget its buckets and counts, and cancel the pending copy. */
  async destroy(): Promise<void> {
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.tenantBucket = undefined;
    this.buckets.clear();
    this.calls.clear();
    this.flushed.clear();
    this.tenantId = null;
    this.alarmPending = false;
  }

  override async alarm(): Promise<void> {
    this.alarmPending = false;
    const tenantId = this.tenantId;
    if (!tenantId) return;
    try {
      for (const [month, count] of [...this.calls]) {
        if ((this.flushed.get(month) ?? 0) >= count) continue;
        await this.env.DB.prepare(UPSERT_API_CALLS).bind(tenantId, month, count).run();
        this.flushed.set(month, count);
      }
    } catch (err) {
      // The counts are safe in storage; only the copy is late.
      log("error", "api-call usage flush failed", { tenantId, error: errorMessage(err) });
      this.scheduleFlush(RETRY_FLUSH_MS);
    }
  }

  private countCall(tenantId: string, month: string): void {
    if (this.tenantId !== tenantId) {
      this.tenantId = tenantId;
      void this.ctx.storage.put("tenant", tenantId);
    }
    const count = (this.calls.get(month) ?? 0) + 1;
    this.calls.set(month, count);
    // Unconfirmed: a lost write costs one count on a machine failure, while waiting for
    // confirmation would add storage latency to every API request.
    void this.ctx.storage.put(`calls:${month}`, count, { allowUnconfirmed: true });
    this.scheduleFlush(FLUSH_DELAY_MS);
  }

  private scheduleFlush(delayMs: number): void {
    if (this.alarmPending) return;
    this.alarmPending = true;
    void this.ctx.storage.setAlarm(Date.now() + delayMs);
  }

  private sweep(now: number): void {
    for (const [id, bucket] of this.buckets) if (isFull(bucket, now)) this.buckets.delete(id);
  }
}
