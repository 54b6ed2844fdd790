import type { Context } from "hono";
import type { TakeResult } from "../../durable-objects/rate-limiter";
import { errorMessage, log } from "../../shared/log";
import { problems } from "../../shared/problems";
import { policyKey } from "../../shared/route-policy";
import { MAX_BATCH_TASKS } from "../../shared/schemas/tasks";
import { parseTenantSettings, usageMonth } from "../../shared/schemas/tenant";
import type { AppEnv, Principal } from "../context";
import { limiterFor } from "../limiter-client";
import { BATCH_BODY_LIMIT } from "../routes/tasks";

/**
 * Tokens a request costs: the number of tasks for a batch, otherwise 1. The batch is counted
 * from its shape only (`tasks` is an array of 1–1,000 items); anything else costs 1 and is left
 * to the route's validation. Items are not validated here: that would run the full schema twice
 * over bodies of up to 16 MiB, and a batch with a bad item is as big a request as a good one.
 */
export async function requestCost(c: Context<AppEnv>, matchedPath: string): Promise<number> {
  if (policyKey(c.req.method, matchedPath) !== "POST /tasks/batch" || !c.req.raw.body) return 1;
  const length = c.req.header("content-length");
  if (length === undefined || c.req.header("transfer-encoding") !== undefined) await bufferBody(c);
  // The route's body limit refuses it with 413 without reading it.
  else if (Number(length) > BATCH_BODY_LIMIT) return 1;
  let body: unknown;
  try {
    // Hono caches the body, so the route's validator reads it again without a second parse of the stream.
    body = await c.req.json();
  } catch {
    return 1;
  }
  const tasks = (body as { tasks?: unknown } | null)?.tasks;
  return Array.isArray(tasks) && tasks.length >= 1 && tasks.length <= MAX_BATCH_TASKS ? tasks.length : 1;
}

/**
 * A body of unknown length (chunked) is read here, up to the batch limit, and put back with a
 * Content-Length: the route's body limit then passes it by its header instead of trying to read
 * a stream that has already been consumed.
 */
async function bufferBody(c: Context<AppEnv>): Promise<void> {
  const raw = c.req.raw;
  if (!raw.body) return;
  const reader = raw.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > BATCH_BODY_LIMIT) {
      await reader.cancel();
      throw problems.payloadTooLarge(
        "body",
        `The request body exceeds ${Math.round(BATCH_BODY_LIMIT / 1024)} KiB.`,
      );
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  const headers = new Headers(raw.headers);
  headers.delete("transfer-encoding");
  headers.set("content-length", String(size));
  c.req.raw = new Request(raw.url, { method: raw.method, headers, body: bytes });
}

/**
 * Charges the request to the caller's and the tenant's token buckets (one Durable Object per
 * tenant, so the count is exact across isolates) and reports them in `RateLimit-*` headers.
 * Refused: 429 with `Retry-After`. A batch larger than a bucket can ever hold: 413, because
 * retrying it can never succeed and a 429 would invite clients to retry forever.
 */
export async function enforceRateLimit(
  c: Context<AppEnv>,
  principal: Principal,
  cost: number,
): Promise<void> {
  const { rateLimits } = parseTenantSettings(principal.tenantSettings);
  let result: TakeResult;
  try {
    result = await limiterFor(c.env, principal.tenantId).take({
      tenantId: principal.tenantId,
      principalId: principal.kind === "key" ? principal.keyId : principal.userId,
      cost,
      limits: rateLimits,
      month: usageMonth(),
    });
  } catch (err) {
    // Fail open: the caller is already authenticated and authorised, and the limits protect
    // capacity rather than data, so a limiter that is briefly unreachable (a restart, an
    // overloaded object) should not turn into an outage of the tenant's whole API.
    log("error", "rate limiter unreachable; request allowed", {
      requestId: c.get("requestId"),
      tenantId: principal.tenantId,
      error: errorMessage(err),
    });
    return;
  }

  const headers: Record<string, string> = {
    "RateLimit-Limit": String(result.limit),
    "RateLimit-Remaining": String(result.remaining),
    "RateLimit-Reset": String(result.reset),
  };
  // Materialising the response first makes these headers part of whatever response the request
  // ends with, including a problem built by app.onError after a later refusal (400, 404…).
  const response = c.res;
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);

  if (result.outcome === "too-large") {
    const which = result.bucket === "key" ? "per-key" : "per-tenant";
    throw problems.payloadTooLarge(
      "tasks",
      `This batch costs ${cost} tokens, more than the ${which} rate limit's burst of ${result.limit}. ` +
        `Split it into batches of at most ${result.limit} tasks.`,
    );
  }
  if (result.outcome === "limited")
    throw problems.tooManyRequests(
      `Rate limit exceeded: this request costs ${cost} token${cost === 1 ? "" : "s"} and ` +
        `${result.remaining} remain. Retry after ${result.retryAfter} s.`,
      result.retryAfter,
      headers,
    );
}
