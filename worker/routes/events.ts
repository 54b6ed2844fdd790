import { createRoute, z } from "@hono/zod-openapi";
import { EventEnvelopeSchema } from "../../shared/events";
import { hubFor } from "../hub-client";
import { filterFromQuery, liveQuery } from "../live-query";
import { createRouter } from "../router";
import { ProblemResponses } from "./problem-responses";
import { tenantSecurity } from "./security";

export const eventsRoutes = createRouter();

eventsRoutes.openapi(
  createRoute({
    method: "get",
    path: "/events",
    operationId: "listEvents",
    tags: ["Events"],
    summary: "The tenant's event log, oldest first, after a seq",
    description:
      "With `types`, only matching events are returned and `limit` counts them; `nextAfter` then moves past the events skipped, so polling never rereads them.",
    security: tenantSecurity,
    request: {
      query: z.object({
        after: z.coerce.number().int().min(0).default(0),
        limit: z.coerce.number().int().min(1).max(1000).default(100),
        types: liveQuery.types,
      }),
    },
    responses: {
      200: {
        description: "Events after `after`; poll again with `after=nextAfter`",
        content: {
          "application/json": {
            schema: z.object({ events: z.array(EventEnvelopeSchema), nextAfter: z.number().int() }),
          },
        },
      },
      ...ProblemResponses,
    },
  }),
  async (c) => {
    const { after, limit, types } = c.req.valid("query");
    const filter = filterFromQuery(types);
    return c.json(await hubFor(c.env, c.get("principal").tenantId).listEvents(after, limit, filter), 200);
  },
);
