import type { MiddlewareHandler } from "hono";
import { newId } from "../../shared/ids";
import { log } from "../../shared/log";
import type { AppEnv } from "../context";

const INCOMING = /^[A-Za-z0-9._:-]{1,128}$/;

/** Gives every request an id (reusing a sane incoming X-Request-ID), echoes it, and logs one line. */
export const requestId: MiddlewareHandler<AppEnv> = async (c, next) => {
  const incoming = c.req.header("x-request-id");
  const id = incoming && INCOMING.test(incoming) ? incoming : newId("req");
  c.set("requestId", id);
  const started = Date.now();
  await next();
  c.res.headers.set("X-Request-ID", id);
  log("info", "request", {
    requestId: id,
    tenantId: c.get("principal")?.tenantId ?? null,
    method: c.req.method,
    route: c.req.routePath,
    status: c.res.status,
    durationMs: Date.now() - started,
  });
};
