import { createRoute } from "@hono/zod-openapi";
import {
  ANALYTICS_DEFAULT_SPAN_MS,
  type Analytics,
  AnalyticsQuerySchema,
  AnalyticsSchema,
  LATENCY_BOUNDS_MS,
  resolveWindow,
} from "../../shared/schemas/analytics";
import { type AnalyticsRows, queryAnalytics } from "../analytics-queries";
import { createRouter } from "../router";
import { ProblemResponses } from "./problem-responses";
import { json, tenantSecurity } from "./security";

export const analyticsRoutes = createRouter();

const rate = (succeeded: number, failed: number) =>
  succeeded + failed === 0 ? null : succeeded / (succeeded + failed);

interface Counts {
  attempts: number;
  succeeded: number;
  failed: number;
}
const zero = (): Counts => ({ attempts: 0, succeeded: 0, failed: 0 });
const add = (into: Counts, row: Counts) => {
  into.attempts += row.attempts;
  into.succeeded += row.succeeded;
  into.failed += row.failed;
};

/** Shapes the aggregated rows; `buckets` entries per series, zero-filled so charts need no gaps logic. */
export function buildAnalytics(
  rows: AnalyticsRows,
  w: { fromMs: number; toMs: number; bucketMs: number; buckets: number },
): Analytics {
  const start = (b: number) => new Date(w.fromMs + b * w.bucketMs).toISOString();
  const index = (b: number) => Math.min(Math.max(b, 0), w.buckets - 1);

  const series = Array.from({ length: w.buckets }, zero);
  const perAgent = new Map<string, Counts[]>();
  for (const row of rows.cells) {
    const b = index(row.b);
    add(series[b] as Counts, row);
    const cells = perAgent.get(row.agent_id) ?? Array.from({ length: w.buckets }, zero);
    perAgent.set(row.agent_id, cells);
    add(cells[b] as Counts, row);
  }
  const totals = zero();
  for (const s of series) add(totals, s);

  const trust = new Map<string, { at: string; trust: number }[]>();
  for (const row of rows.trustFirst)
    if (Date.parse(row.at) > w.fromMs)
      trust.set(row.agent_id, [{ at: new Date(w.fromMs).toISOString(), trust: row.trust }]);
  const last = [...rows.trustLast].sort((a, b) => a.b - b.b);
  for (const row of last) {
    const points = trust.get(row.agent_id) ?? [];
    points.push({ at: row.at, trust: row.trust });
    trust.set(row.agent_id, points);
  }

  const counts = LATENCY_BOUNDS_MS.map(() => 0).concat(0);
  let latencyCount = 0;
  let latencySum = 0;
  for (const bin of rows.bins) {
    counts[bin.bin] = bin.n;
    latencyCount += bin.n;
    latencySum += bin.total;
  }

  const byId = (a: [string, unknown], b: [string, unknown]) => (a[0] < b[0] ? -1 : 1);
  return {
    from: new Date(w.fromMs).toISOString(),
    to: new Date(w.toMs).toISOString(),
    bucketSeconds: w.bucketMs / 1000,
    totals: {
      ...totals,
      successRate: rate(totals.succeeded, totals.failed),
      cycles: rows.cycleCount,
      meanLatencyMs: latencyCount ? latencySum / latencyCount : null,
    },
    series: series.map((s, b) => ({ start: start(b), ...s, successRate: rate(s.succeeded, s.failed) })),
    heatmap: [...perAgent].sort(byId).map(([agentId, cells]) => ({
      agentId,
      cells: cells.map((s, b) => ({
        start: start(b),
        attempts: s.attempts,
        succeeded: s.succeeded,
        successRate: rate(s.succeeded, s.failed),
      })),
    })),
    trust: [...trust].sort(byId).map(([agentId, points]) => ({ agentId, points })),
    latency: {
      boundsMs: [...LATENCY_BOUNDS_MS],
      counts,
      p50: rows.percentiles?.p50 ?? null,
      p95: rows.percentiles?.p95 ?? null,
      p99: rows.percentiles?.p99 ?? null,
    },
    cycles: rows.cycles.map((c) => ({
      id: c.id,
      number: c.number,
      endedAt: c.ended_at,
      successRate: c.success_rate,
      meanTrust: c.mean_trust,
      thresholdBefore: c.threshold_before,
      thresholdAfter: c.threshold_after,
    })),
  };
}

analyticsRoutes.openapi(
  createRoute({
    method: "get",
    path: "/analytics",
    operationId: "getAnalytics",
    tags: ["Analytics"],
    summary: "Success rate, per-agent heatmap, trust trends, latency and cycles over a time window",
    description:
      "Read from history in D1, which trails the live state by a fraction of a second. Outcomes: `succeeded` counts successes, `failed` failures and timeouts; rate-limited, rejected and dead-lettered attempts count only in `attempts`. The window is at most 90 days.",
    security: tenantSecurity,
    request: { query: AnalyticsQuerySchema },
    responses: { 200: { description: "The report", ...json(AnalyticsSchema) }, ...ProblemResponses },
  }),
  async (c) => {
    const q = c.req.valid("query");
    const { fromMs, toMs } = resolveWindow(q, ANALYTICS_DEFAULT_SPAN_MS);
    // Whole milliseconds, rounded up so the last bucket still reaches `to`.
    const bucketMs = Math.ceil((toMs - fromMs) / q.buckets);
    const w = { fromMs, toMs, bucketMs, buckets: q.buckets };
    const rows = await queryAnalytics(c.env.DB, {
      ...w,
      tenantId: c.get("principal").tenantId,
      agentId: q.agentId,
    });
    return c.json(buildAnalytics(rows, w), 200);
  },
);
