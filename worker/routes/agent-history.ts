import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { problems } from "../../shared/problems";
import {
  AGENT_HISTORY_DEFAULT_SPAN_MS,
  AgentHistoryQuerySchema,
  AgentHistorySchema,
  resolveWindow,
} from "../../shared/schemas/analytics";
import { idParam } from "../../shared/schemas/common";
import type { AppEnv } from "../context";
import { hubFor } from "../hub-client";
import { createRouter } from "../router";
import { ProblemResponses } from "./problem-responses";
import { json, tenantSecurity } from "./security";

export const agentHistoryRoutes = createRouter();

/**
 * An agent the hub knows, or one removed since: its registration was flushed to history, and a
 * removed agent's past is exactly what someone looking at history wants. Another tenant's agent
 * is neither, so it is a 404 like every cross-tenant id.
 */
async function assertKnown(c: Context<AppEnv>, tenantId: string, agentId: string): Promise<void> {
  const live = await hubFor(c.env, tenantId).getAgent(agentId);
  if (live.ok) return;
  const past = await c.env.DB.prepare(
    "SELECT 1 AS found FROM agent_status_history WHERE tenant_id = ? AND agent_id = ? LIMIT 1",
  )
    .bind(tenantId, agentId)
    .first();
  if (!past) throw problems.notFound(`Agent ${agentId}`);
}

/** Status rows keep the event's data as JSON text; anything else is passed on as the string it is. */
function parsedDetail(detail: string): unknown {
  try {
    return JSON.parse(detail) as unknown;
  } catch {
    return detail;
  }
}

interface TrustRow {
  seq: number;
  at: string;
  trust_before: number;
  trust_after: number;
  cause: string;
}
interface StatusRow {
  seq: number;
  at: string;
  event_type: string;
  status: string;
  detail: string;
}

agentHistoryRoutes.openapi(
  createRoute({
    method: "get",
    path: "/agents/{id}/history",
    operationId: "getAgentHistory",
    tags: ["Agents"],
    summary:
      "An agent's trust changes and status changes (suppression, probation, reinstatement, exclusion, drift)",
    description:
      "Oldest first; when a window holds more than `limit` rows of a kind, the latest `limit` are returned (narrow `to` to see earlier ones). Read from history in D1, which trails the live state by a fraction of a second.",
    security: tenantSecurity,
    request: { params: idParam("agt"), query: AgentHistoryQuerySchema },
    responses: { 200: { description: "The history", ...json(AgentHistorySchema) }, ...ProblemResponses },
  }),
  async (c) => {
    const tenantId = c.get("principal").tenantId;
    const agentId = c.req.valid("param").id;
    const q = c.req.valid("query");
    await assertKnown(c, tenantId, agentId);
    const { fromMs, toMs } = resolveWindow(q, AGENT_HISTORY_DEFAULT_SPAN_MS);
    const args = [tenantId, agentId, new Date(fromMs).toISOString(), new Date(toMs).toISOString(), q.limit];
    // Newest `limit` first (the rows that matter on a dashboard), turned oldest first below.
    const latest = (columns: string, table: string) =>
      c.env.DB.prepare(
        `SELECT ${columns} FROM ${table} WHERE tenant_id = ? AND agent_id = ? AND at >= ? AND at < ?
         ORDER BY seq DESC LIMIT ?`,
      ).bind(...args);
    const [trust, status] = await c.env.DB.batch<unknown>([
      latest("seq, at, trust_before, trust_after, cause", "trust_history"),
      latest("seq, at, event_type, status, detail", "agent_status_history"),
    ]);
    const trustRows = ((trust?.results ?? []) as TrustRow[]).reverse();
    const statusRows = ((status?.results ?? []) as StatusRow[]).reverse();
    return c.json(
      {
        agentId,
        trust: trustRows.map((r) => ({
          seq: r.seq,
          at: r.at,
          before: r.trust_before,
          after: r.trust_after,
          cause: r.cause,
        })),
        status: statusRows.map((r) => ({
          seq: r.seq,
          at: r.at,
          type: r.event_type,
          status: r.status,
          detail: parsedDetail(r.detail),
        })),
      },
      200,
    );
  },
);
