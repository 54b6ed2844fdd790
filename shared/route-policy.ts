import { type Role, roleAtLeast } from "./roles";
import type { Scope } from "./schemas/api-keys";

/**
 * Who may call each route: the one table the `authorize` middleware enforces and the role test
 * walks. Keys are `METHOD /path` with OpenAPI path syntax, relative to /api/v1.
 *
 * - `public`: no credentials (signup, login, health, SSO redirects, invitation acceptance).
 * - `platform`: the platform admin token.
 * - `tenant`: a signed-in user whose role is at least `role`, or an API key holding `scope`
 *   (or `admin`, which holds every scope). `scope: null` means sessions only — no key may call it.
 *   `scope: "any"` means any valid key of the tenant. `ticket: true` also accepts a single-use
 *   `?ticket=` from POST /ws/tickets, because browsers cannot set headers on a WebSocket.
 *   `platform: true` also admits the platform admin token: the route then has no principal and
 *   answers for the whole platform (metrics).
 */
export type Access =
  | { kind: "public" }
  | { kind: "platform" }
  | { kind: "tenant"; role: Role; scope: Scope | "any" | null; ticket?: true; platform?: true };

const PUBLIC: Access = { kind: "public" };
const PLATFORM: Access = { kind: "platform" };
const tenant = (role: Role, scope: Scope | "any" | null): Access => ({ kind: "tenant", role, scope });
const ticketOr = (role: Role, scope: Scope): Access => ({ kind: "tenant", role, scope, ticket: true });
const platformOr = (role: Role, scope: Scope): Access => ({ kind: "tenant", role, scope, platform: true });

export const ROUTE_POLICY: Record<string, Access> = {
  // the API's own description
  "GET /openapi.json": PUBLIC,
  "GET /docs": PUBLIC,

  // identity: signup, sessions, SSO, invitations
  "POST /signup": PUBLIC,
  "POST /auth/login": PUBLIC,
  "POST /auth/refresh": PUBLIC,
  "POST /auth/logout": PUBLIC,
  "GET /auth/me": tenant("viewer", null),
  "GET /auth/sso/start": PUBLIC,
  "GET /auth/sso/callback": PUBLIC,
  "POST /auth/sso/exchange": PUBLIC,
  "POST /invitations/{token}/accept": PUBLIC,

  // users and roles
  "GET /users": tenant("viewer", "admin"),
  "POST /users/invitations": tenant("admin", "admin"),
  "GET /users/invitations": tenant("admin", "admin"),
  "DELETE /users/invitations/{id}": tenant("admin", "admin"),
  "PATCH /users/{id}": tenant("admin", "admin"),
  "DELETE /users/{id}": tenant("admin", "admin"),

  // API keys
  "GET /api-keys": tenant("admin", "admin"),
  "POST /api-keys": tenant("admin", "admin"),
  "POST /api-keys/{id}/rotate": tenant("admin", "admin"),
  "DELETE /api-keys/{id}": tenant("admin", "admin"),

  // SSO connection
  "GET /sso": tenant("admin", "admin"),
  "PUT /sso": tenant("admin", "admin"),
  "DELETE /sso": tenant("admin", "admin"),

  // audit
  "GET /audit": tenant("admin", "admin"),
  "GET /audit/export": tenant("admin", "admin"),
  "GET /audit/verify": tenant("admin", "admin"),

  // the tenant itself
  "GET /tenant": tenant("viewer", "any"),
  "PATCH /tenant": tenant("admin", "admin"),
  "DELETE /tenant": tenant("owner", null),

  // agents: operators manage them; trust overrides are an admin's call
  "GET /agents": tenant("viewer", "agents:read"),
  "POST /agents": tenant("operator", "agents:write"),
  "GET /agents/{id}": tenant("viewer", "agents:read"),
  "PATCH /agents/{id}": tenant("operator", "agents:write"),
  "DELETE /agents/{id}": tenant("operator", "agents:write"),
  "POST /agents/{id}/trust": tenant("admin", "agents:write"),
  "POST /agents/{id}/suppress": tenant("operator", "agents:write"),
  "POST /agents/{id}/reinstate": tenant("operator", "agents:write"),
  "POST /agents/{id}/rotate-secret": tenant("operator", "agents:write"),
  "GET /agents/{id}/history": tenant("viewer", "agents:read"),

  // tasks
  "POST /tasks": tenant("operator", "tasks:write"),
  "POST /tasks/batch": tenant("operator", "tasks:write"),
  "GET /tasks": tenant("viewer", "tasks:read"),
  "GET /tasks/{id}": tenant("viewer", "tasks:read"),
  "POST /tasks/{id}/cancel": tenant("operator", "tasks:write"),

  // governance
  "GET /governance/state": tenant("viewer", "agents:read"),
  "GET /governance/config": tenant("viewer", "agents:read"),
  "PATCH /governance/config": tenant("admin", "admin"),
  "POST /governance/trigger": tenant("operator", "admin"),
  "GET /governance/cycles": tenant("viewer", "agents:read"),
  "GET /governance/cycles/{id}": tenant("viewer", "agents:read"),
  "GET /analytics": tenant("viewer", "agents:read"),

  // alerts: read like governance state; the rules are an admin's call, like the config
  "GET /alerts": tenant("viewer", "agents:read"),
  "GET /alerts/rules": tenant("viewer", "agents:read"),
  "PATCH /alerts/rules": tenant("admin", "admin"),

  // events: the log, live streams, and webhooks
  "GET /events": tenant("viewer", "events:read"),
  "GET /events/stream": tenant("viewer", "events:read"),
  "POST /ws/tickets": tenant("viewer", "events:read"),
  "GET /ws": ticketOr("viewer", "events:read"),
  "GET /webhooks": tenant("viewer", "admin"),
  "POST /webhooks": tenant("admin", "admin"),
  "GET /webhooks/{id}": tenant("viewer", "admin"),
  "PATCH /webhooks/{id}": tenant("admin", "admin"),
  "DELETE /webhooks/{id}": tenant("admin", "admin"),
  "POST /webhooks/{id}/rotate-secret": tenant("admin", "admin"),
  "POST /webhooks/{id}/test": tenant("admin", "admin"),
  "GET /webhooks/{id}/deliveries": tenant("viewer", "admin"),
  "POST /webhooks/{id}/deliveries/replay": tenant("admin", "admin"),
  "POST /webhooks/deliveries/{id}/replay": tenant("admin", "admin"),

  // the autoplay demo: anyone of the tenant reads the story; starting it over runs work
  "GET /demo": tenant("viewer", "any"),
  "POST /demo/reset": tenant("operator", "admin"),

  // Prometheus metrics: a tenant admin scrapes the tenant, the platform admin token the platform.
  "GET /metrics": platformOr("admin", "admin"),

  // platform administration
  "POST /admin/tenants": PLATFORM,
  "GET /admin/tenants": PLATFORM,
  "POST /admin/tenants/{id}/suspend": PLATFORM,
  "POST /admin/tenants/{id}/resume": PLATFORM,
  "PUT /admin/tenants/{id}/demo": PLATFORM,
};

/** `/api/v1/agents/:id` (Hono's matched route) → `/agents/{id}` (the table's key). */
export function policyKey(method: string, honoPath: string): string {
  const path = honoPath.replace(/^\/api\/v1(?=\/)/, "").replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, "{$1}");
  return `${method === "HEAD" ? "GET" : method} ${path}`;
}

/**
 * Whether a signed-in user of `role` may call `route` (a key of the table). The dashboard asks
 * this to offer only the controls a role may use; the middleware enforces the same table anyway.
 */
export function roleMay(role: Role, route: string): boolean {
  const access = ROUTE_POLICY[route];
  if (!access) throw new Error(`No route ${route} in ROUTE_POLICY`);
  if (access.kind === "public") return true;
  if (access.kind === "platform") return false;
  return roleAtLeast(role, access.role);
}
