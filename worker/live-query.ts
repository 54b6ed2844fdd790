import { z } from "@hono/zod-openapi";
import { type EventFilter, parseEventFilter } from "../shared/event-filter";
import { problems } from "../shared/problems";

/** Query parameters GET /ws and GET /events/stream share. */
export const liveQuery = {
  after: z.coerce
    .number()
    .int()
    .min(0)
    .optional()
    .describe(
      "Replay every event after this seq first, then stream live ones. Omitted: live events only. " +
        "Older than the hub keeps (≥ 10,000 events or 24 h): a `resync` message comes first.",
    ),
  types: z
    .string()
    .max(1000)
    .optional()
    .openapi({ example: "task.completed,agent.*" })
    .describe("Comma-separated event types; `category.*` matches a whole category. Omitted: every type."),
};

/** The parsed filter, or a 400 naming the entries that match no event type. */
export function filterFromQuery(types: string | undefined): EventFilter {
  const parsed = parseEventFilter(types);
  if ("filter" in parsed) return parsed.filter;
  throw problems.validation([
    { field: "types", message: `unknown event type or category: ${parsed.unknown.join(", ")}` },
  ]);
}
