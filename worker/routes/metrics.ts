import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { METRIC, type MetricsSnapshot, metricFamilies, sumSnapshots } from "../../shared/metrics/catalog";
import { EXPOSITION_CONTENT_TYPE, renderExposition } from "../../shared/metrics/exposition";
import type { TallyData } from "../../shared/metrics/tally";
import { problems } from "../../shared/problems";
import { authenticate } from "../auth/authenticate";
import { secretsEqual } from "../auth/timing-safe";
import type { AppEnv } from "../context";
import type { Env } from "../env";
import { hubFor } from "../hub-client";
import { checkAccess } from "../middleware/authorize";
import { flushRequestMetrics, PLATFORM_METRICS_HUB, takeBuffered } from "../request-metrics";
import { createRouter } from "../router";
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
  for (let after = ""; ; ) {
    const { results } = await env.DB.prepare(`SELECT id FROM tenants WHERE id > ? ORDER BY id LIMIT ?`)
      .bind(after, TENANT_PAGE)
      .all<{ id: string }>();
    names.push(...results.map((r) => r.id));
    const last = results.at(-1);
    if (!last || results.length < TENANT_PAGE) break;
    after = last.id;
  }
  const snapshots: MetricsSnapshot[] = [];
  for (let i = 0; i < names.length; i += FAN_OUT)
    snapshots.push(
      ...(await Promise.all(names.slice(i, i + FAN_OUT).map((n) => scrapeOf(env, n, null, false)))),
    );
  return sumSnapshots(snapshots);
}

/**
 * The platform admin token scrapes the platform (all tenants summed, no tenant or agent ids); a
 * tenant admin (a session of role admin or owner, or a key with the `admin` scope) scrapes its
 * tenant. The route sits outside the authorizer's table, so it authenticates here with the same code.
 */
async function scrape(c: Context<AppEnv>): Promise<MetricsSnapshot> {
  const token = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
  if (token && c.env.WARDEN_ADMIN_TOKEN && (await secretsEqual(token, c.env.WARDEN_ADMIN_TOKEN)))
    return platformSnapshot(c.env);
  const { principal, tenantStatus } = await authenticate(c);
  c.set("principal", principal);
  if (tenantStatus === "suspended")
    throw problems.forbidden("This tenant is suspended. Contact the platform administrator.");
  checkAccess(principal, { kind: "tenant", role: "admin", scope: "admin" });
  return scrapeOf(c.env, principal.tenantId, takeBuffered(principal.tenantId), true);
}

export async function metricsHandler(c: Context<AppEnv>): Promise<Response> {
  const text = renderExposition(metricFamilies(await scrape(c)));
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
