import { createRoute, z } from "@hono/zod-openapi";
import { Problem } from "../../shared/problems";
import { eventStream, readWindow } from "../event-stream";
import { hubFor } from "../hub-client";
import { filterFromQuery, liveQuery } from "../live-query";
import { createRouter } from "../router";
import { ProblemResponses, ProblemSchema } from "./problem-responses";
import { tenantSecurity } from "./security";

export const eventStreamRoutes = createRouter();

const SSE_DESCRIPTION = `Server-sent events (\`text/event-stream\`).

Each event is sent as \`id: <seq>\`, \`event: <type>\`, \`data: <Event envelope as JSON>\`. A reconnecting
\`EventSource\` sends \`Last-Event-ID\` and resumes right after it (the header wins over \`after\`).
When the position is older than the oldest event kept, an \`event: resync\` comes first with
\`data: {"type":"resync","oldestSeq":N,"latestSeq":M}\`, and the stream continues from \`oldestSeq\`.
A \`: keep-alive\` comment is sent after 15 s without events. Send \`Accept: text/event-stream\`
(an EventSource does): any other request gets 406, since the stream never ends.`;

const notEventStream = () =>
  new Problem(
    406,
    "not-acceptable",
    "Not acceptable",
    "GET /events/stream is an endless text/event-stream: send `Accept: text/event-stream`, or use GET /events.",
  );

eventStreamRoutes.openapi(
  createRoute({
    method: "get",
    path: "/events/stream",
    operationId: "streamEvents",
    tags: ["Events"],
    summary: "Live events as server-sent events",
    description: SSE_DESCRIPTION,
    security: tenantSecurity,
    request: {
      query: z.object(liveQuery),
      headers: z.object({
        "last-event-id": z.coerce
          .number()
          .int()
          .min(0)
          .optional()
          .describe("The seq of the last event received; overrides `after`."),
      }),
    },
    responses: {
      200: {
        description: "An endless stream of events (see the description for its format)",
        content: {
          "text/event-stream": {
            schema: z.string(),
            example:
              "id: 1201\nevent: task.completed\n" +
              'data: {"id":"evt_01jd0000000000000000000000","seq":1201,"type":"task.completed","version":1,' +
              '"tenantId":"ten_01jd0000000000000000000000","time":"2026-11-22T10:00:00.000Z",' +
              '"correlationId":"req_01jd0000000000000000000000","agentId":"agt_01jd0000000000000000000000",' +
              '"taskId":"tsk_01jd0000000000000000000000","data":{"agentId":"agt_01jd0000000000000000000000",' +
              '"attempt":1,"outcome":"success","latencyMs":840,"probe":false,"slow":false}}\n\n',
          },
        },
      },
      ...ProblemResponses,
      406: {
        description: "The request does not accept `text/event-stream`",
        content: { "application/problem+json": { schema: ProblemSchema } },
      },
    },
  }),
  async (c) => {
    if (!c.req.header("accept")?.includes("text/event-stream")) throw notEventStream();
    const { after, types } = c.req.valid("query");
    const resumeFrom = c.req.valid("header")["last-event-id"] ?? after;
    const filter = filterFromQuery(types);
    const hub = hubFor(c.env, c.get("principal").tenantId);
    const start = resumeFrom ?? (await readWindow(hub, 0, 0)).latestSeq;
    return new Response(eventStream(hub, start, filter), {
      status: 200,
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache, no-transform",
        "x-accel-buffering": "no",
      },
    });
  },
);
