import type { Context, MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import { problems } from "../../shared/problems";
import { type Access, policyKey, ROUTE_POLICY } from "../../shared/route-policy";
import { roleAtLeast } from "../../shared/schemas/identity";
import { authenticate } from "../auth/authenticate";
import { secretsEqual } from "../auth/timing-safe";
import { redeemWsTicket } from "../auth/ws-tickets";
import type { AppEnv, Principal } from "../context";
import { enforceRateLimit, requestCost } from "./rate-limit";

/**
 * The one gate in front of every /api/v1 route: looks the matched route up in ROUTE_POLICY,
 * authenticates the caller, refuses suspended tenants, checks role or scope, and charges the
 * rate limits. A route missing from the table is refused: access is never granted by omission.
 */
export const authorize: MiddlewareHandler<AppEnv> = async (c, next) => {
  const matched = routePath(c, -1);
  // Nothing but this middleware matched: let the app answer 404.
  if (matched === routePath(c)) return next();
  const access = ROUTE_POLICY[policyKey(c.req.method, matched)];
  if (!access) throw problems.forbidden("This route has no access policy.");
  await admit(c, access, matched);
  return next();
};

/**
 * The same gate for a route mounted outside /api/v1 (Prometheus scrapes `/metrics` at the root),
 * under the table entry `policy` names.
 */
export function authorizeAs(policy: string): MiddlewareHandler<AppEnv> {
  const access = ROUTE_POLICY[policy];
  if (!access) throw new Error(`No route ${policy} in ROUTE_POLICY`);
  return async (c, next) => {
    await admit(c, access, routePath(c));
    return next();
  };
}

async function isPlatformToken(c: Context<AppEnv>): Promise<boolean> {
  const token = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
  return !!token && !!c.env.WARDEN_ADMIN_TOKEN && (await secretsEqual(token, c.env.WARDEN_ADMIN_TOKEN));
}

async function admit(c: Context<AppEnv>, access: Access, matched: string): Promise<void> {
  if (access.kind === "public") return;
  if (access.kind === "platform") {
    if (!(await isPlatformToken(c))) throw problems.unauthorized("A valid platform admin token is required.");
    return;
  }
  // The platform admin is not a tenant principal: the route sees none and answers for the platform.
  if (access.platform && (await isPlatformToken(c))) return;
  const ticket = access.ticket ? c.req.query("ticket") : undefined;
  const { principal, tenantStatus } =
    ticket !== undefined ? await redeemWsTicket(c, ticket) : await authenticate(c);
  c.set("principal", principal);
  if (tenantStatus === "suspended")
    throw problems.forbidden("This tenant is suspended. Contact the platform administrator.");
  checkAccess(principal, access);
  await enforceRateLimit(c, principal, await requestCost(c, matched));
}

export function checkAccess(principal: Principal, access: Extract<Access, { kind: "tenant" }>): void {
  if (principal.kind === "user") {
    if (!roleAtLeast(principal.role, access.role))
      throw problems.forbidden(`This action needs the ${access.role} role; you are ${principal.role}.`);
    return;
  }
  if (access.scope === null) throw problems.forbidden("This action needs a signed-in user, not an API key.");
  if (access.scope === "any" || principal.scopes.includes("admin") || principal.scopes.includes(access.scope))
    return;
  throw problems.forbidden(`This API key lacks the \`${access.scope}\` scope.`);
}
