import type { Context } from "hono";
import { matchedRoutes } from "hono/route";
import { errorMessage, log } from "../shared/log";
import { METRIC } from "../shared/metrics/catalog";
import { Tally, type TallyData } from "../shared/metrics/tally";
import type { AppEnv } from "./context";
import type { Env } from "./env";
import { hubFor } from "./hub-client";

/**
 * Where requests without a tenant (signup, login, health, platform admin) are counted: a hub under
 * a reserved name that no tenant id can take. It holds metrics only (decision 018).
 */
export const PLATFORM_METRICS_HUB = "__platform_metrics__";

/** An isolate sends its buffered counts at most about this often (one RPC per tenant buffered). */
const FLUSH_EVERY_MS = 1000;
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

const buffers = new Map<string, Tally>();
let lastFlushAt = 0;

/**
 * The template of the route that answered (`/api/v1/tasks/:id`), or `unmatched` when only
 * middleware matched. Read from the match, not from how far the request got, so a request the
 * authorizer refused still counts under its route.
 */
export function routeTemplate(c: Context<AppEnv>): string {
  const handler = matchedRoutes(c)
    .filter((r) => r.method !== "ALL")
    .at(-1);
  return handler?.path ?? "unmatched";
}

/** Counts one finished request in this isolate's buffer, and sends the buffers if it is time. */
export function recordRequest(c: Context<AppEnv>, route: string, durationMs: number): void {
  const key = c.get("principal")?.tenantId ?? PLATFORM_METRICS_HUB;
  const tally = buffers.get(key) ?? new Tally();
  buffers.set(key, tally);
  const method = METHODS.has(c.req.method) ? c.req.method : "OTHER";
  tally.inc(METRIC.apiRequests, { route, method, status: String(c.res.status) });
  tally.observe(METRIC.apiDuration, { route }, durationMs / 1000);
  const now = Date.now();
  if (now - lastFlushAt < FLUSH_EVERY_MS) return;
  lastFlushAt = now;
  try {
    c.executionCtx.waitUntil(flushRequestMetrics(c.env));
  } catch {
    // No execution context (a direct call in a test): the next request or scrape sends them.
  }
}

/** Takes one tenant's buffered counts out of the buffer (a scrape sends them with its RPC). */
export function takeBuffered(key: string): TallyData | null {
  const tally = buffers.get(key);
  buffers.delete(key);
  return tally && !tally.isEmpty() ? tally.data() : null;
}

/** Sends every buffer to its hub; a failed send is logged and its counts are lost, not retried. */
export async function flushRequestMetrics(env: Env): Promise<void> {
  const pending = [...buffers.keys()].map((key) => [key, takeBuffered(key)] as const);
  await Promise.all(
    pending.map(async ([key, data]) => {
      if (!data) return;
      try {
        await hubFor(env, key).recordMetrics(data);
      } catch (err) {
        log("warn", "request metrics flush failed", { tenantId: key, error: errorMessage(err) });
      }
    }),
  );
}
