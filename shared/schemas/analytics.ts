import { z } from "@hono/zod-openapi";
import { Timestamp } from "./common";

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;
/** Longer windows would make one request scan months of attempts; page through them instead. */
export const MAX_ANALYTICS_SPAN_MS = 90 * DAY_MS;

/** Upper bounds (inclusive) of the latency histogram's bins; one more bin holds everything slower. */
export const LATENCY_BOUNDS_MS = [10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000] as const;

const dateTime = (description: string) =>
  z.iso
    .datetime({ offset: true, message: "must be an ISO 8601 date-time" })
    .optional()
    .openapi({ description, format: "date-time" });

const AgentIdQuery = z
  .string()
  .regex(/^agt_[0-9a-hjkmnp-tv-z]{26}$/, "must be an agt_ id")
  .optional()
  .openapi({ description: "Only this agent's attempts and trust (cycles stay tenant-wide)." });

/** The window a query asks for: `to` defaults to now, `from` to `to` minus the route's default span. */
export function resolveWindow(
  q: { from?: string | undefined; to?: string | undefined },
  defaultSpanMs: number,
): { fromMs: number; toMs: number } {
  const toMs = q.to === undefined ? Date.now() : Date.parse(q.to);
  return { fromMs: q.from === undefined ? toMs - defaultSpanMs : Date.parse(q.from), toMs };
}

const windowFields = (defaultSpanMs: number) => ({
  from: dateTime(`Start of the window (inclusive). Default: \`to\` minus ${defaultSpanMs / HOUR_MS} h.`),
  to: dateTime("End of the window (exclusive). Default: now."),
});

/** Checked after the defaults apply, so a lone `from` in the future is refused too. */
const checkWindow =
  (defaultSpanMs: number) =>
  (q: { from?: string | undefined; to?: string | undefined }, ctx: z.RefinementCtx) => {
    const { fromMs, toMs } = resolveWindow(q, defaultSpanMs);
    // A malformed date is already reported by its own field.
    if (Number.isNaN(fromMs) || Number.isNaN(toMs)) return;
    if (toMs <= fromMs) ctx.addIssue({ code: "custom", path: ["to"], message: "must be after from" });
    else if (toMs - fromMs > MAX_ANALYTICS_SPAN_MS)
      ctx.addIssue({ code: "custom", path: ["to"], message: "must be at most 90 days after from" });
  };

export const ANALYTICS_DEFAULT_SPAN_MS = DAY_MS;
export const AGENT_HISTORY_DEFAULT_SPAN_MS = 7 * DAY_MS;

export const AnalyticsQuerySchema = z
  .object({
    ...windowFields(ANALYTICS_DEFAULT_SPAN_MS),
    agentId: AgentIdQuery,
    buckets: z.coerce
      .number()
      .int()
      .min(1)
      .max(200)
      .default(24)
      .openapi({ description: "How many equal time buckets the window is cut into." }),
  })
  .superRefine(checkWindow(ANALYTICS_DEFAULT_SPAN_MS));
export type AnalyticsQuery = z.output<typeof AnalyticsQuerySchema>;

export const AgentHistoryQuerySchema = z
  .object({
    ...windowFields(AGENT_HISTORY_DEFAULT_SPAN_MS),
    limit: z.coerce.number().int().min(1).max(5000).default(1000).openapi({
      description: "At most this many trust changes, and as many status changes: the latest in the window.",
    }),
  })
  .superRefine(checkWindow(AGENT_HISTORY_DEFAULT_SPAN_MS));
export type AgentHistoryQuery = z.output<typeof AgentHistoryQuerySchema>;

const rate = z
  .number()
  .nullable()
  .openapi({ description: "succeeded / (succeeded + failed); null if both are 0" });

export const AnalyticsSchema = z
  .object({
    from: Timestamp,
    to: Timestamp,
    bucketSeconds: z
      .number()
      .openapi({ description: "Length of each bucket; bucket i starts at from + i·length." }),
    totals: z.object({
      attempts: z.number().int().openapi({
        description:
          "Finished attempts, whatever the outcome (rate-limited, rejected and dead-lettered too).",
      }),
      succeeded: z.number().int(),
      failed: z
        .number()
        .int()
        .openapi({ description: "Failures and timeouts: the outcomes that cost trust." }),
      successRate: rate,
      cycles: z.number().int().openapi({ description: "Cycles closed in the window." }),
      meanLatencyMs: z.number().nullable(),
    }),
    series: z.array(
      z.object({
        start: Timestamp,
        attempts: z.number().int(),
        succeeded: z.number().int(),
        failed: z.number().int(),
        successRate: rate,
      }),
    ),
    heatmap: z.array(
      z.object({
        agentId: z.string(),
        cells: z.array(
          z.object({
            start: Timestamp,
            attempts: z.number().int(),
            succeeded: z.number().int(),
            successRate: rate,
          }),
        ),
      }),
    ),
    trust: z.array(
      z.object({
        agentId: z.string(),
        points: z.array(z.object({ at: Timestamp, trust: z.number() })).openapi({
          description:
            "Oldest first: the trust held at `from` (when it changed later in the window), then the last trust of each bucket with a change.",
        }),
      }),
    ),
    latency: z.object({
      boundsMs: z.array(z.number().int()),
      counts: z.array(z.number().int()).openapi({
        description:
          "Attempts with latency ≤ boundsMs[i] (and above the previous bound); the last is everything slower.",
      }),
      p50: z.number().nullable(),
      p95: z.number().nullable(),
      p99: z.number().nullable(),
    }),
    cycles: z
      .array(
        z.object({
          id: z.string().openapi({ example: "cyc_01jd0000000000000000000000" }),
          number: z.number().int(),
          endedAt: Timestamp,
          successRate: z.number(),
          meanTrust: z.number(),
          thresholdBefore: z.number(),
          thresholdAfter: z.number(),
        }),
      )
      .openapi({ description: "Cycles closed in the window, oldest first; the newest 500 at most." }),
  })
  .openapi("Analytics");
export type Analytics = z.infer<typeof AnalyticsSchema>;
export type AnalyticsSeriesPoint = Analytics["series"][number];
export type AnalyticsHeatmapRow = Analytics["heatmap"][number];
export type AnalyticsTrustLine = Analytics["trust"][number];
export type AnalyticsLatency = Analytics["latency"];
export type AnalyticsCycle = Analytics["cycles"][number];

export const AgentHistorySchema = z
  .object({
    agentId: z.string(),
    trust: z.array(
      z.object({
        seq: z.number().int(),
        at: Timestamp,
        before: z.number(),
        after: z.number(),
        cause: z
          .string()
          .openapi({ description: "The outcome that moved it, or the manual override's reason." }),
      }),
    ),
    status: z.array(
      z.object({
        seq: z.number().int(),
        at: Timestamp,
        type: z.string().openapi({ example: "agent.suppressed" }),
        status: z.string().openapi({ example: "suppressed" }),
        detail: z.unknown().openapi({ description: "The event's data." }),
      }),
    ),
  })
  .openapi("AgentHistory");
export type AgentHistory = z.infer<typeof AgentHistorySchema>;
