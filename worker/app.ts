import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { errorMessage, log } from "../shared/log";
import { Problem, problems } from "../shared/problems";
import type { AppEnv } from "./context";
import { serveOpenApi } from "./docs-openapi";
import { docsRoutes } from "./docs-routes";
import { authorize, authorizeAs } from "./middleware/authorize";
import { clientAddress } from "./middleware/client-address";
import { requestId } from "./middleware/request-id";
import { adminRoutes } from "./routes/admin";
import { agentHistoryRoutes } from "./routes/agent-history";
import { agentsRoutes } from "./routes/agents";
import { alertsRoutes } from "./routes/alerts";
import { analyticsRoutes } from "./routes/analytics";
import { apiKeysRoutes } from "./routes/api-keys";
import { auditRoutes } from "./routes/audit";
import { authRoutes } from "./routes/auth";
import { demoRoutes } from "./routes/demo";
import { eventStreamRoutes } from "./routes/event-stream";
import { eventsRoutes } from "./routes/events";
import { governanceRoutes } from "./routes/governance";
import { healthRoutes } from "./routes/health";
import { invitationsRoutes } from "./routes/invitations";
import { liveSocketRoutes } from "./routes/live-socket";
import { metricsHandler, metricsRoutes } from "./routes/metrics";
import { ssoRoutes } from "./routes/sso";
import { tasksRoutes } from "./routes/tasks";
import { tenantRoutes } from "./routes/tenant";
import { usersRoutes } from "./routes/users";
import { webhooksRoutes } from "./routes/webhooks";

function problemResponse(c: Context<AppEnv>, problem: Problem): Response {
  const body = problem.body(c.req.path);
  return new Response(JSON.stringify({ ...body, requestId: c.get("requestId") }), {
    status: problem.status,
    headers: { "content-type": "application/problem+json", ...problem.headers },
  });
}

export function createApp(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.use("*", requestId);
  app.use("*", clientAddress);

  app.route("/", healthRoutes);
  // Where Prometheus looks by default; the same handler is documented at /api/v1/metrics.
  app.get("/metrics", authorizeAs("GET /metrics"), metricsHandler);
  const api = new OpenAPIHono<AppEnv>();
  // Every route below is gated by ROUTE_POLICY (shared/route-policy.ts).
  api.use("*", authorize);
  for (const routes of [
    authRoutes,
    usersRoutes,
    invitationsRoutes,
    apiKeysRoutes,
    ssoRoutes,
    auditRoutes,
    tenantRoutes,
    adminRoutes,
    agentsRoutes,
    agentHistoryRoutes,
    tasksRoutes,
    governanceRoutes,
    alertsRoutes,
    analyticsRoutes,
    eventsRoutes,
    webhooksRoutes,
    demoRoutes,
    eventStreamRoutes,
    liveSocketRoutes,
    metricsRoutes,
  ])
    api.route("/", routes);
  api.openAPIRegistry.registerComponent("securitySchemes", "apiKey", {
    type: "http",
    scheme: "bearer",
    description: "A tenant API key: `wk_live_…`",
  });
  api.openAPIRegistry.registerComponent("securitySchemes", "session", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "A user's 15-minute access token from /auth/login, /auth/refresh or /signup",
  });
  api.openAPIRegistry.registerComponent("securitySchemes", "adminToken", {
    type: "http",
    scheme: "bearer",
    description: "The platform admin token (WARDEN_ADMIN_TOKEN)",
  });
  // The document, finished with access rules, tags and examples (worker/docs-openapi.ts).
  api.get("/openapi.json", serveOpenApi(api));
  // The reference moved to /api/docs (public, outside /api/v1); old links still land there.
  api.get("/docs", (c) => c.redirect("/api/docs", 301));
  app.route("/api/v1", api);
  app.route("/api/docs", docsRoutes);

  app.notFound((c) => problemResponse(c, problems.notFound(`Route ${c.req.method} ${c.req.path}`)));
  app.onError((err, c) => {
    if (err instanceof Problem) return problemResponse(c, err);
    if (err instanceof HTTPException) {
      if (err.status === 400 && /json/i.test(err.message))
        return problemResponse(c, problems.malformedJson());
      if (err.status === 415) return problemResponse(c, problems.unsupportedMediaType());
      return problemResponse(
        c,
        new Problem(err.status, "http", err.message || "Error", err.message || "Error"),
      );
    }
    if (err instanceof SyntaxError) return problemResponse(c, problems.malformedJson());
    log("error", "unhandled error", {
      requestId: c.get("requestId"),
      route: c.req.routePath,
      error: errorMessage(err),
    });
    return problemResponse(c, problems.internal());
  });
  return app;
}
