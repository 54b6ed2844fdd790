import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { METRIC, type MetricsSnapshot, metricFamilies, sumSnapshots } from "../../shared/metrics/catalog";
import { EXPOSITION_CONTENT_TYPE, renderExposition } from "../../shared/metrics/exposition";
import type { TallyData } from "../../shared/metrics/tally";
import type { AppEnv, Principal } from "../context";
import type { Env } from "../env";
import { hubFor } from "../hub-client";
import { flushRequestMetrics, PLATFORM_METRICS_HUB, takeBuffered } from "../request-metrics";
import { createRouter } from "../router";
import { tenantIdPages } from "../tenants";
import { ProblemResponses } from "./problem-responses";

const TENANT_PAGE = 500;
/** Hubs scraped at once for the platform view. */
const FAN_OUT = 25;

/** RPC typing widens the snapshot's tuples to arrays; the value is the hub's `MetricsSnapshot`. */
async function scrapeOf(env: Env, name: string, flush: TallyData | null, perAgent: boolean) {
  return (await hubFor(env, name).scrapeMetrics(flush, perAgent)) as unknown as MetricsSnapshot;
}

/** Every tenant's hub, plus the hub that counts requests without a tenant. */
async function platformSnapshot(env: Env): Promise<MetricsSnapshot> {
  // This isolate's unsent counts go first, so the scrape includes them.
  await flushRequestMetrics(env);
  const names = [PLATFORM_METRICS_HUB];
  for await (const ids of tenantIdPages(env.DB, TENANT_PAGE)) names.push(...ids);
  const snapshots: MetricsSnapshot[] = [];
  for (let i = 0; i < names.length; i += FAN_OUT)
    snapshots.push(
      ...(await Promise.all(names.slice(i, i + FAN_OUT).map((n) => scrapeOf(env, n, null, false)))),
    );
  return sumSnapshots(snapshots);
}

/**
 * The authorizer lets through the platform admin token (no principal: every tenant summed, no
 * tenant or agent ids) or a tenant admin (that tenant, with trust per agent); ROUTE_POLICY says so.
 */
export async function metricsHandler(c: Context<AppEnv>): Promise<Response> {
  const principal: Principal | undefined = c.get("principal");
  const snapshot = principal
    ? await scrapeOf(c.env, principal.tenantId, takeBuffered(principal.tenantId), true)
    : await platformSnapshot(c.env);
  const text = renderExposition(metricFamilies(snapshot));
  return new Response(text, { status: 200, headers: { "content-type": EXPOSITION_CONTENT_TYPE } });
}

export const metricsRoutes = createRouter();

metricsRoutes.openapi(
  createRoute({
    method: "get",
    path: "/metrics",
    tags: ["Metrics"],
    summary: "Prometheus metrics (also served at /metrics)",
    description:
      "Prometheus text exposition format 0.0.4. With the platform admin token: the platform's " +
      "metrics, summed over every tenant, with no tenant or agent ids. With a tenant API key holding " +
      "the `admin` scope, or the access token of an admin or owner: that tenant's metrics, including " +
      `\`${METRIC.trust}\` per agent. Counters live in each tenant's hub, so they survive deploys.`,
    security: [{ adminToken: [] }, { apiKey: [] }, { session: [] }],
    responses: {
      200: {
        description: "The metrics",
        content: {
          "text/plain": {
            schema: z.string().openapi({
              example:
                "# HELP warden_governance_cycles_total Governance cycles closed.\n" +
                "# TYPE warden_governance_cycles_total counter\nwarden_governance_cycles_total 42\n",
            }),
          },
        },
      },
      ...ProblemResponses,
    },
  }),
  (c) => metricsHandler(c),
);
