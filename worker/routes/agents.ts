import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { CallMeta } from "../../durable-objects/tenant-hub";
import { newId } from "../../shared/ids";
import { outboundUrlProblem } from "../../shared/outbound-url";
import { problems } from "../../shared/problems";
import {
  AgentCreatedSchema,
  AgentCreateSchema,
  AgentPatchSchema,
  AgentSchema,
  AgentSecretRotationSchema,
  ReasonBodySchema,
  TrustOverrideSchema,
} from "../../shared/schemas/agents";
import { idParam } from "../../shared/schemas/common";
import { sealAgentSecret } from "../agent-secrets";
import { auditContext } from "../audit";
import type { AppEnv } from "../context";
import type { Env } from "../env";
import { outputSchemaProblem } from "../executors/output-contract";
import { hubFor, viaHub } from "../hub-client";
import { allowLocalUrls } from "../outbound-policy";
import { createRouter } from "../router";
import { generateWebhookSecret } from "../webhooks/sign";
import { ProblemResponses } from "./problem-responses";
import { json, tenantSecurity } from "./security";

const AgentParams = idParam("agt");
const security = tenantSecurity;

export const agentsRoutes = createRouter();

/** During a rotation the old signing secret keeps signing this long, so the agent can switch unhurried. */
const ROTATION_GRACE_MS = 24 * 3600_000;

/** An agent's endpoint and model API must be URLs Warden may call (shared/outbound-url.ts). */
function assertCallable(
  env: Env,
  input: { endpoint?: string | undefined; llm?: { baseUrl: string } | undefined },
) {
  const allowLocal = allowLocalUrls(env);
  const checks: [string, string | undefined][] = [
    ["endpoint", input.endpoint],
    ["llm.baseUrl", input.llm?.baseUrl],
  ];
  const errors = checks.flatMap(([field, url]) => {
    const problem = url === undefined ? null : outboundUrlProblem(url, { allowLocal });
    return problem ? [{ field, message: problem }] : [];
  });
  if (errors.length) throw problems.validation(errors);
}

/** An llm agent's output contract must be a JSON Schema the executor can apply to every answer. */
function assertOutputSchema(input: {
  llm?: { outputSchema?: Record<string, unknown> | undefined } | undefined;
}) {
  const problem = input.llm?.outputSchema ? outputSchemaProblem(input.llm.outputSchema) : null;
  if (problem) throw problems.validation([{ field: "llm.outputSchema", message: problem }]);
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
    operationId: "listAgents",
    description:
      "Every agent of the tenant with its trust, status (active, excluded, suppressed), load and success counters, as the tenant's hub holds them now.",
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
    operationId: "createAgent",
    tags: ["Agents"],
    summary: "Register an agent",
    description:
      "An http agent's answer includes `signingSecret` (shown once): every request Warden sends the agent " +
      "carries Standard Webhooks headers (`webhook-id`, `webhook-timestamp`, `webhook-signature`) under it. " +
      "An llm agent's `apiKey` is stored encrypted and never returned.",
    security,
    request: { body: { required: true, ...json(AgentCreateSchema) } },
    responses: { 201: { description: "Registered", ...json(AgentCreatedSchema) }, ...ProblemResponses },
  }),
  async (c) => {
    const { apiKey, ...input } = c.req.valid("json");
    assertCallable(c.env, input);
    assertOutputSchema(input);
    const tenantId = c.get("principal").tenantId;
    const id = newId("agt");
    const key = c.env.WARDEN_ENCRYPTION_KEY;
    const signingSecret = input.kind === "http" ? generateWebhookSecret() : undefined;
    const sealed = {
      ...(apiKey !== undefined ? { apiKey: await sealAgentSecret(key, tenantId, id, apiKey) } : {}),
      ...(signingSecret ? { signingSecret: await sealAgentSecret(key, tenantId, id, signingSecret) } : {}),
    };
    const agent = await viaHub(hubFor(c.env, tenantId).createAgent(id, input, sealed, meta(c)));
    return c.json({ ...agent, ...(signingSecret ? { signingSecret } : {}) }, 201);
  },
);

agentsRoutes.openapi(
  createRoute({
    method: "get",
    path: "/agents/{id}",
    operationId: "getAgent",
    description: "One agent with its configuration (never its secrets), trust, status, load and counters.",
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
    operationId: "updateAgent",
    description:
      "Changes the fields given and leaves the others as they are. Endpoint URLs must be addresses Warden may call; changes are audited.",
    tags: ["Agents"],
    summary: "Update an agent",
    security,
    request: { params: AgentParams, body: { required: true, ...json(AgentPatchSchema) } },
    responses: { 200: { description: "Updated", ...json(AgentSchema) }, ...ProblemResponses },
  }),
  async (c) => {
    const tenantId = c.get("principal").tenantId;
    const { id } = c.req.valid("param");
    const { apiKey, ...patch } = c.req.valid("json");
    assertCallable(c.env, patch);
    assertOutputSchema(patch);
    const sealed =
      apiKey === undefined
        ? {}
        : {
            apiKey:
              apiKey === null
                ? null
                : await sealAgentSecret(c.env.WARDEN_ENCRYPTION_KEY, tenantId, id, apiKey),
          };
    const agent = await viaHub(hubFor(c.env, tenantId).updateAgent(id, patch, sealed, meta(c)));
    return c.json(agent, 200);
  },
);

agentsRoutes.openapi(
  createRoute({
    method: "post",
    path: "/agents/{id}/rotate-secret",
    operationId: "rotateAgentSecret",
    tags: ["Agents"],
    summary: "Issue a new signing secret for an http agent; the old one keeps signing for 24 h",
    description:
      "Until `previousSecretExpiresAt` each request carries two space-separated `v1,` signatures, one per secret.",
    security,
    request: { params: AgentParams },
    responses: { 200: { description: "Rotated", ...json(AgentSecretRotationSchema) }, ...ProblemResponses },
  }),
  async (c) => {
    const tenantId = c.get("principal").tenantId;
    const { id } = c.req.valid("param");
    const signingSecret = generateWebhookSecret();
    const sealed = await sealAgentSecret(c.env.WARDEN_ENCRYPTION_KEY, tenantId, id, signingSecret);
    const { previousSecretExpiresAt } = await viaHub(
      hubFor(c.env, tenantId).rotateAgentSecret(id, sealed, ROTATION_GRACE_MS, meta(c)),
    );
    return c.json({ signingSecret, previousSecretExpiresAt }, 200);
  },
);

agentsRoutes.openapi(
  createRoute({
    method: "delete",
    path: "/agents/{id}",
    operationId: "deleteAgent",
    description:
      "Removes the agent from the hub. Tasks it was running go back to the queue and are assigned to another agent. Audited.",
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
    operationId: "overrideAgentTrust",
    description:
      "Sets the agent's trust to the given value in place of the governance engine's own estimate; the engine goes on updating it from there. The reason is required and recorded in the audit log.",
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
    operationId: "suppressAgent",
    description:
      "Takes the agent out of assignment at once, whatever its trust. The reason is required and audited. Reinstate brings it back.",
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
    operationId: "reinstateAgent",
    description:
      "Makes a suppressed or excluded agent eligible for assignment again. The reason is required and audited.",
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
