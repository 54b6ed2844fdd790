import type { MiddlewareHandler } from "hono";
import { newId } from "../../shared/ids";
import { log } from "../../shared/log";
import type { AppEnv } from "../context";
import { recordRequest, routeTemplate } from "../request-metrics";

const INCOMING = /^[A-Za-z0-9._:-]{1,128}$/;

/** Gives every request an id (reusing a sane incoming X-Request-ID), echoes it, and logs one line. */
export const requestId: MiddlewareHandler<AppEnv> = async (c, next) => {
  const incoming = c.req.header("x-request-id");
  const id = incoming && INCOMING.test(incoming) ? incoming : newId("req");
  c.set("requestId", id);
  const started = Date.now();
  await next();
  c.res.headers.set("X-Request-ID", id);
  const principal = c.get("principal");
  const route = routeTemplate(c);
  const durationMs = Date.now() - started;
  recordRequest(c, route, durationMs);
  log("info", "request", {
    requestId: id,
    tenantId: principal?.tenantId ?? null,
    // Who acted: a user or an API key, by id (never the credential itself).
    actor: principal
      ? principal.kind === "user"
        ? `user:${principal.userId}`
        : `key:${principal.keyId}`
      : null,
    method: c.req.method,
    // The route template (`/api/v1/tasks/:id`), never the raw path: ids and tokens stay out of logs.
    route,
    status: c.res.status,
    durationMs,
  });
};
