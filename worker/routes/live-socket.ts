import { createRoute, z } from "@hono/zod-openapi";
import { LIVE_HEADERS, principalTag } from "../../shared/live-protocol";
import { Problem } from "../../shared/problems";
import { parseTenantSettings } from "../../shared/schemas/tenant";
import { issueWsTicket } from "../auth/ws-tickets";
import type { Principal } from "../context";
import { hubFor } from "../hub-client";
import { filterFromQuery, liveQuery } from "../live-query";
import { createRouter } from "../router";
import { ProblemResponses, ProblemSchema } from "./problem-responses";
import { tenantSecurity } from "./security";

export const liveSocketRoutes = createRouter();

const WS_DESCRIPTION = `Upgrades to a WebSocket that streams the tenant's events.

**Authentication**: an API key holding \`events:read\` (or a session) as \`Authorization: Bearer …\`,
or — for browsers, which cannot set headers on a WebSocket — \`?ticket=\` from \`POST /ws/tickets\`
(single use, valid 30 s).

**Messages from the server** are JSON text:
- *Event frame*: a JSON **array** of 1–100 \`Event\` envelopes in increasing \`seq\`. With \`after\`, the
  replay of missed events comes first, then live events, with no gap and no duplicate. Live events
  are batched at most every 50 ms (or 100 events) under load. Clients dedupe by \`seq\`.
- *Resync*: \`{"type":"resync","oldestSeq":N,"latestSeq":M}\` when \`after\` is older than the oldest
  event kept (or newer than the newest): events in between are gone; reload state from the REST API.
  The stream continues from \`oldestSeq\`.
- *Error*: \`{"type":"error","detail":"…"}\` for a message the server does not understand.

**Messages from the client**: \`ping\` is answered \`pong\`; the socket is otherwise read-only.

**Close codes**: 1013 when the tenant already holds its maximum of live connections
(\`settings.liveConnections\`, default 1,000); 1011 when the server could not send to the socket;
1001 when the tenant is deleted.`;

const upgradeRequired = () =>
  new Problem(
    426,
    "upgrade-required",
    "Upgrade required",
    "GET /ws is a WebSocket endpoint: send `Upgrade: websocket`.",
    undefined,
    { Upgrade: "websocket" },
  );

/** How the hub names the principal in a socket's tag and attachment. */
function tagOf(p: Principal): string {
  return p.kind === "key" ? principalTag("key", p.keyId) : principalTag("user", p.userId);
}

liveSocketRoutes.openapi(
  createRoute({
    method: "post",
    path: "/ws/tickets",
    operationId: "createWsTicket",
    description:
      "Browsers cannot set an Authorization header on a WebSocket, so they first ask for a ticket here with their session or key, then open `url` within 30 seconds. The ticket works once and carries the caller's access.",
    tags: ["Events"],
    summary: "A single-use ticket to open GET /ws from a browser",
    security: tenantSecurity,
    responses: {
      201: {
        description: "Open `url` within 30 s; the ticket works once and carries the caller's access",
        content: {
          "application/json": {
            schema: z
              .object({
                ticket: z.string().openapi({ example: "wst_…" }),
                expiresAt: z.string(),
                url: z.string().openapi({ example: "/api/v1/ws?ticket=wst_…" }),
              })
              .openapi("WsTicket"),
          },
        },
      },
      ...ProblemResponses,
    },
  }),
  async (c) => {
    const issued = await issueWsTicket(c.env.DB, c.get("principal"));
    return c.json({ ...issued, url: `/api/v1/ws?ticket=${issued.ticket}` }, 201);
  },
);

liveSocketRoutes.openapi(
  createRoute({
    method: "get",
    path: "/ws",
    operationId: "openEventSocket",
    tags: ["Events"],
    summary: "Live events over a WebSocket",
    description: WS_DESCRIPTION,
    security: [...tenantSecurity, {}],
    request: {
      query: z.object({
        ...liveQuery,
        ticket: z.string().max(100).optional().describe("A single-use ticket from POST /ws/tickets."),
      }),
    },
    responses: {
      101: { description: "Switching protocols: the WebSocket described above" },
      ...ProblemResponses,
      426: {
        description: "Not a WebSocket upgrade",
        content: { "application/problem+json": { schema: ProblemSchema } },
      },
    },
  }),
  async (c) => {
    if (c.req.header("upgrade")?.toLowerCase() !== "websocket") throw upgradeRequired();
    const { after, types } = c.req.valid("query");
    const filter = filterFromQuery(types);
    const principal = c.get("principal");
    // A fresh header set: nothing the client sent reaches the hub except what is copied here.
    const headers = new Headers({
      upgrade: "websocket",
      [LIVE_HEADERS.tenant]: principal.tenantId,
      [LIVE_HEADERS.principal]: tagOf(principal),
      [LIVE_HEADERS.maxSockets]: String(parseTenantSettings(principal.tenantSettings).liveConnections),
    });
    if (principal.kind === "user")
      headers.set(LIVE_HEADERS.session, principalTag("session", principal.sessionId));
    if (after !== undefined) headers.set(LIVE_HEADERS.after, String(after));
    if (filter) headers.set(LIVE_HEADERS.types, JSON.stringify(filter));
    const res = await hubFor(c.env, principal.tenantId).fetch("https://hub.internal/ws", { headers });
    if (res.status !== 101 || !res.webSocket)
      throw new Problem(503, "unavailable", "Service unavailable", "The live event stream is unavailable.");
    // Re-wrapped: a response from a Durable Object has immutable headers, and X-Request-ID is added later.
    return new Response(null, { status: 101, webSocket: res.webSocket });
  },
);
