import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { CallMeta } from "../../durable-objects/tenant-hub";
import { outboundUrlProblem } from "../../shared/outbound-url";
import { problems } from "../../shared/problems";
import {
  AgentCreateSchema,
  AgentPatchSchema,
  AgentSchema,
  ReasonBodySchema,
  TrustOverrideSchema,
} from "../../shared/schemas/agents";
import { idParam } from "../../shared/schemas/common";
import { auditContext } from "../audit";
import type { AppEnv } from "../context";
import type { Env } from "../env";
import { hubFor, viaHub } from "../hub-client";
import { allowLocalUrls } from "../outbound-policy";
import { createRouter } from "../router";
import { ProblemResponses } from "./problem-responses";
import { json, tenantSecurity } from "./security";

const AgentParams = idParam("agt");
const security = tenantSecurity;

export const agentsRoutes = createRouter();

/** An http agent's endpoint must be a URL Warden may call (shared/outbound-url.ts). */
function assertCallable(env: Env, endpoint: string | undefined): void {
  if (endpoint === undefined) return;
  const problem = outboundUrlProblem(endpoint, { allowLocal: allowLocalUrls(env) });
  if (problem) throw problems.validation([{ field: "endpoint", message: problem }]);
}

/** Every agent change is audited by the hub in the same step as the change itself. */
const meta = (c: Context<AppEnv>): CallMeta => ({
  correlationId: c.get("requestId"),
  audit: auditContext(c),
});

agentsRoutes.openapi(
  createRoute({
    method: "get",
    path: "/agents",
    tags: ["Agents"],
    summary: "List agents",
    security,
    responses: {
      200: { description: "The tenant's agents", ...json(z.object({ agents: z.array(AgentSchema) })) },
      ...ProblemResponses,
    },
  }),
  async (c) => {
    const agents = await hubFor(c.env, c.get("principal").tenantId).listAgents();
    return c.json({ agents }, 200);
  },
);

agentsRoutes.openapi(
  createRoute({
    method: "post",
    path: "/agents",
    tags: ["Agents"],
    summary: "Register an agent",
    security,
    request: { body: { required: true, ...json(AgentCreateSchema) } },
    responses: { 201: { description: "Registered", ...json(AgentSchema) }, ...ProblemResponses },
  }),
  async (c) => {
    const input = c.req.valid("json");
    assertCallable(c.env, input.endpoint);
    const hub = hubFor(c.env, c.get("principal").tenantId);
    const agent = await viaHub(hub.createAgent(input, meta(c)));
    return c.json(agent, 201);
  },
);

agentsRoutes.openapi(
  createRoute({
    method: "get",
    path: "/agents/{id}",
    tags: ["Agents"],
    summary: "Get an agent",
    security,
    request: { params: AgentParams },
    responses: { 200: { description: "The agent", ...json(AgentSchema) }, ...ProblemResponses },
  }),
  async (c) => {
    const agent = await viaHub(hubFor(c.env, c.get("principal").tenantId).getAgent(c.req.valid("param").id));
    return c.json(agent, 200);
  },
);

agentsRoutes.openapi(
  createRoute({
    method: "patch",
    path: "/agents/{id}",
    tags: ["Agents"],
    summary: "Update an agent",
    security,
    request: { params: AgentParams, body: { required: true, ...json(AgentPatchSchema) } },
    responses: { 200: { description: "Updated", ...json(AgentSchema) }, ...ProblemResponses },
  }),
  async (c) => {
    const hub = hubFor(c.env, c.get("principal").tenantId);
    const patch = c.req.valid("json");
    assertCallable(c.env, patch.endpoint ?? undefined);
    const agent = await viaHub(hub.updateAgent(c.req.valid("param").id, patch, meta(c)));
    return c.json(agent, 200);
  },
);

agentsRoutes.openapi(
  createRoute({
    method: "delete",
    path: "/agents/{id}",
    tags: ["Agents"],
    summary: "Remove an agent (its in-flight tasks go back to the queue)",
    security,
    request: { params: AgentParams },
    responses: { 204: { description: "Removed" }, ...ProblemResponses },
  }),
  async (c) => {
    const hub = hubFor(c.env, c.get("principal").tenantId);
    await viaHub(hub.deleteAgent(c.req.valid("param").id, meta(c)));
    return c.body(null, 204);
  },
);

agentsRoutes.openapi(
  createRoute({
    method: "post",
    path: "/agents/{id}/trust",
    tags: ["Agents"],
    summary: "Override an agent's trust (needs a reason)",
    security,
    request: { params: AgentParams, body: { required: true, ...json(TrustOverrideSchema) } },
    responses: { 200: { description: "Updated", ...json(AgentSchema) }, ...ProblemResponses },
  }),
  async (c) => {
    const { trust, reason } = c.req.valid("json");
    const hub = hubFor(c.env, c.get("principal").tenantId);
    const agent = await viaHub(hub.overrideTrust(c.req.valid("param").id, trust, reason, meta(c)));
    return c.json(agent, 200);
  },
);

agentsRoutes.openapi(
  createRoute({
    method: "post",
    path: "/agents/{id}/suppress",
    tags: ["Agents"],
    summary: "Suppress an agent now (needs a reason)",
    security,
    request: { params: AgentParams, body: { required: true, ...json(ReasonBodySchema) } },
    responses: { 200: { description: "Suppressed", ...json(AgentSchema) }, ...ProblemResponses },
  }),
  async (c) => {
    const hub = hubFor(c.env, c.get("principal").tenantId);
    const agent = await viaHub(
      hub.suppressAgent(c.req.valid("param").id, c.req.valid("json").reason, meta(c)),
    );
    return c.json(agent, 200);
  },
);

agentsRoutes.openapi(
  createRoute({
    method: "post",
    path: "/agents/{id}/reinstate",
    tags: ["Agents"],
    summary: "Reinstate a suppressed or excluded agent (needs a reason)",
    security,
    request: { params: AgentParams, body: { required: true, ...json(ReasonBodySchema) } },
    responses: { 200: { description: "Reinstated", ...json(AgentSchema) }, ...ProblemResponses },
  }),
  async (c) => {
    const hub = hubFor(c.env, c.get("principal").tenantId);
    const agent = await viaHub(
      hub.reinstateAgent(c.req.valid("param").id, c.req.valid("json").reason, meta(c)),
    );
    return c.json(agent, 200);
  },
);
