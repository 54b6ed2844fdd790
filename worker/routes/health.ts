import { createRoute, z } from "@hono/zod-openapi";
import { errorMessage, log } from "../../shared/log";
import { hubFor } from "../hub-client";
import { createRouter } from "../router";

export const healthRoutes = createRouter();

const HealthSchema = z.object({ status: z.string(), checks: z.record(z.string(), z.string()).optional() });

healthRoutes.openapi(
  createRoute({
    method: "get",
    path: "/health",
    tags: ["Health"],
    summary: "Liveness",
    responses: { 200: { description: "Alive", content: { "application/json": { schema: HealthSchema } } } },
  }),
  (c) => c.json({ status: "ok" }, 200),
);

/** The readiness probe's own hub: it belongs to no tenant, so probing it reads no tenant's data. */
const PROBE_HUB = "__readiness_probe__";

healthRoutes.openapi(
  createRoute({
    method: "get",
    path: "/health/ready",
    tags: ["Health"],
    summary: "Readiness: D1 and a hub answer",
    responses: {
      200: { description: "Ready", content: { "application/json": { schema: HealthSchema } } },
      503: { description: "Not ready", content: { "application/json": { schema: HealthSchema } } },
    },
  }),
  async (c) => {
    const checks: Record<string, string> = {};
    const probe = (name: string, work: Promise<unknown>) =>
      work.then(
        () => {
          checks[name] = "ok";
        },
        (err: unknown) => {
          checks[name] = "unavailable";
          log("warn", `readiness: ${name} failed`, { error: errorMessage(err) });
        },
      );
    await Promise.all([
      probe("d1", c.env.DB.prepare("SELECT 1").first()),
      probe("hub", hubFor(c.env, PROBE_HUB).ping()),
    ]);
    const ready = checks.d1 === "ok" && checks.hub === "ok";
    return c.json({ status: ready ? "ready" : "unavailable", checks }, ready ? 200 : 503);
  },
);
