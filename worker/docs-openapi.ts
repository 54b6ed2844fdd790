import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { type Access, ROUTE_POLICY } from "../shared/route-policy";
import type { AppEnv } from "./context";
import { sampleOf } from "./docs-examples";

/** The document's top-level tags, in the order the reference lists them. */
export const API_TAGS = [
  {
    name: "Identity",
    description: "Signup, sign-in with email and password, sessions and the signed-in user.",
  },
  { name: "Users", description: "The tenant's users, their roles, and invitations to join." },
  {
    name: "API keys",
    description: "Scoped keys for machines: created, rotated with a grace period, revoked.",
  },
  { name: "SSO", description: "The organization's OIDC connection and SSO sign-in." },
  { name: "Audit", description: "The tamper-evident log of every change: read, export, verify." },
  { name: "Tenant", description: "The caller's tenant: settings, usage, deletion." },
  { name: "Agents", description: "The AI agents Warden assigns work to, with their trust and status." },
  { name: "Tasks", description: "Work submitted to the fleet, its assignment, attempts and outcome." },
  {
    name: "Governance",
    description: "The engine that gates assignment: trust threshold, circuit breaker, cycles, configuration.",
  },
  { name: "Alerts", description: "Alert rules evaluated by each tenant's hub, and the alerts they raise." },
  { name: "Analytics", description: "Success rates, trust trends, latency and cycles over a time window." },
  { name: "Metrics", description: "Operational metrics for monitoring systems." },
  { name: "Events", description: "The tenant's event log and live streams (server-sent events, WebSocket)." },
  { name: "Webhooks", description: "Endpoints that receive signed events, and their deliveries." },
  { name: "Demo", description: "The autoplay demo tenant's story." },
  { name: "Admin", description: "Platform administration with the platform admin token." },
];

const CONFIG = {
  openapi: "3.1.0",
  info: {
    title: "Warden API",
    version: "1.0.0",
    description:
      "Govern fleets of AI agents: trust-gated assignment, suppression, circuit breaking, live events.\n\n" +
      "Authenticate with a tenant API key (`Authorization: Bearer wk_live_…`) or a user's access token. " +
      "Errors are `application/problem+json`; a 400's `errors[]` names each field at fault. " +
      "Lists use cursor pagination (`?cursor=&limit=`).",
    license: { name: "Proprietary", identifier: "LicenseRef-Proprietary" },
  },
  servers: [{ url: "/api/v1", description: "This deployment" }],
  tags: API_TAGS,
};

type Operation = {
  operationId?: string;
  description?: string;
  security?: unknown[];
  requestBody?: { content?: Record<string, MediaType> };
  responses?: Record<string, { content?: Record<string, MediaType> }>;
};
type MediaType = { schema?: unknown; example?: unknown; examples?: unknown };
type Document = ReturnType<OpenAPIHono<AppEnv>["getOpenAPI31Document"]>;

/** Who may call an operation, in the words a reader of the reference needs. */
function accessNote(access: Access): string {
  if (access.kind === "public") return "**Access:** public, no credentials.";
  if (access.kind === "platform") return "**Access:** the platform admin token.";
  const keys =
    access.scope === null
      ? "not with an API key"
      : access.scope === "any"
        ? "or any API key of the tenant"
        : `or an API key with scope \`${access.scope}\``;
  const ticket = access.ticket ? ", or a ticket from POST /ws/tickets" : "";
  const platform = access.platform ? "; or the platform admin token, for the whole platform" : "";
  return `**Access:** a user with role \`${access.role}\` or above, ${keys}${ticket}${platform}.`;
}

/** `post` + `/agents/{id}/rotate-secret` → `postAgentsIdRotateSecret`, for routes that name none. */
function derivedOperationId(method: string, path: string): string {
  const words = path.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return method + words.map((w) => w[0]?.toUpperCase() + w.slice(1)).join("");
}

function withExample(doc: Document, media: MediaType | undefined): void {
  if (!media?.schema || media.example !== undefined || media.examples !== undefined) return;
  media.example = sampleOf(doc as never, media.schema);
}

/**
 * What the generator cannot know from the routes alone: each operation's access rule (from
 * ROUTE_POLICY, the table the middleware enforces), `security: []` on public operations, and
 * example bodies composed from the schemas' own examples.
 */
export function finishDocument(doc: Document): Document {
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item as Record<string, Operation>)) {
      if (!op?.responses) continue;
      const access = ROUTE_POLICY[`${method.toUpperCase()} ${path}`];
      if (access?.kind === "public") op.security = [];
      if (access && op.description) op.description = `${op.description}\n\n${accessNote(access)}`;
      op.operationId ??= derivedOperationId(method, path);
      for (const media of Object.values(op.requestBody?.content ?? {})) withExample(doc, media);
      for (const [status, response] of Object.entries(op.responses))
        if (status.startsWith("2"))
          for (const media of Object.values(response.content ?? {})) withExample(doc, media);
    }
  }
  return doc;
}

/** GET /openapi.json: the document, built once per isolate (the routes do not change at run time). */
export function serveOpenApi(api: OpenAPIHono<AppEnv>) {
  let document: Document | undefined;
  return (c: Context<AppEnv>) => {
    document ??= finishDocument(api.getOpenAPI31Document(CONFIG));
    return c.json(document);
  };
}
