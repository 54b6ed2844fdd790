import { createRoute } from "@hono/zod-openapi";
import { problems } from "../../shared/problems";
import { idParam } from "../../shared/schemas/common";
import {
  DemoResetSchema,
  type DemoSettings,
  DemoSettingsSchema,
  DemoStateSchema,
} from "../../shared/schemas/demo";
import { usageMonth } from "../../shared/schemas/tenant";
import { findTenant } from "../admin-tenants";
import { recordAudit } from "../audit";
import { hubFor, viaHub } from "../hub-client";
import { createRouter } from "../router";
import { ProblemResponses } from "./problem-responses";
import { json, tenantSecurity } from "./security";

/**
 * The autoplay demo (decision 014): the platform admin makes a tenant the demo tenant; its own
 * users and keys read the story's state and start it over. The story runs in the tenant's hub.
 */
export const demoRoutes = createRouter();

demoRoutes.openapi(
  createRoute({
    method: "put",
    path: "/admin/tenants/{id}/demo",
    operationId: "setTenantDemo",
    tags: ["Admin"],
    summary:
      "Make a tenant the demo tenant: register the cast, then play or pause the story (platform admin)",
    description:
      "Starts the story when the tenant was not the demo yet, when the speed changes, or when a finished " +
      "story is played again; otherwise plays or pauses it where it stands.",
    security: [{ adminToken: [] }],
    request: { params: idParam("ten"), body: { required: true, ...json(DemoSettingsSchema) } },
    responses: { 200: { description: "The story's state", ...json(DemoStateSchema) }, ...ProblemResponses },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const settings = c.req.valid("json") as DemoSettings;
    if (!(await findTenant(c.env.DB, id, usageMonth()))) throw problems.notFound(`Tenant ${id}`);
    const hub = hubFor(c.env, id);
    await hub.init(id);
    const state = await viaHub(hub.configureDemo(settings));
    await recordAudit(c, id, {
      actor: { type: "platform", id: null },
      action: "tenant.demo",
      target: { type: "tenant", id },
      after: settings,
    });
    return c.json(state, 200);
  },
);

demoRoutes.openapi(
  createRoute({
    method: "get",
    path: "/demo",
    operationId: "getDemo",
    description:
      "Where the autoplay demo stands for a demo tenant: its speed, time elapsed, the steps done and the next one.",
    tags: ["Demo"],
    summary: "Where the demo story stands: speed, elapsed time, steps done and next",
    security: tenantSecurity,
    responses: {
      200: { description: "The story's state", ...json(DemoStateSchema) },
      ...ProblemResponses,
    },
  }),
  async (c) => c.json(await viaHub(hubFor(c.env, c.get("principal").tenantId).demoState()), 200),
);

demoRoutes.openapi(
  createRoute({
    method: "post",
    path: "/demo/reset",
    operationId: "resetDemo",
    tags: ["Demo"],
    summary: "Start the demo story over (demo tenant only)",
    description:
      "Cancels open tasks, replaces the agents with the fresh cast, resets the governance config to the " +
      "demo's and restarts the story at t = 0. Any other tenant gets 403.",
    security: tenantSecurity,
    request: { body: { required: false, ...json(DemoResetSchema) } },
    responses: {
      202: { description: "The story restarted", ...json(DemoStateSchema) },
      ...ProblemResponses,
    },
  }),
  async (c) => {
    const speed = c.req.valid("json")?.speed;
    const hub = hubFor(c.env, c.get("principal").tenantId);
    return c.json(await viaHub(hub.resetDemo(speed)), 202);
  },
);
