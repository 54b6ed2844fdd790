import { createRoute, z } from "@hono/zod-openapi";
import {
  AlertListQuery,
  AlertRulesPatchSchema,
  AlertRulesSchema,
  AlertSchema,
} from "../../shared/schemas/alerts";
import { ListQuery } from "../../shared/schemas/common";
import { auditContext } from "../audit";
import { hubFor, viaHub } from "../hub-client";
import { decodeCursor, encodeCursor } from "../pagination";
import { createRouter } from "../router";
import { ProblemResponses } from "./problem-responses";
import { json, tenantSecurity } from "./security";

const security = tenantSecurity;
const ALERT_ID = /^alr_[0-9a-hjkmnp-tv-z]{26}$/;

const AlertPageSchema = z
  .object({
    alerts: z.array(AlertSchema),
    nextCursor: z.string().nullable().openapi({ example: null }),
  })
  .openapi("AlertPage");

export const alertsRoutes = createRouter();

alertsRoutes.openapi(
  createRoute({
    method: "get",
    path: "/alerts",
    tags: ["Alerts"],
    summary: "Firing and recently resolved alerts, newest first",
    description:
      "Alerts the tenant's rules raised (see `/alerts/rules`): each is one rule about one subject, " +
      "fires once and resolves once, and is also an `alert.fired` / `alert.resolved` event. Resolved " +
      "alerts are kept for 30 days, at most the last 1,000.",
    security,
    request: { query: ListQuery.extend(AlertListQuery.shape) },
    responses: {
      200: { description: "A page of alerts", ...json(AlertPageSchema) },
      ...ProblemResponses,
    },
  }),
  async (c) => {
    const q = c.req.valid("query");
    const before = decodeCursor(q.cursor, ALERT_ID);
    const page = await hubFor(c.env, c.get("principal").tenantId).listAlerts({
      limit: q.limit,
      ...(q.state ? { state: q.state } : {}),
      ...(before ? { before } : {}),
    });
    return c.json({ alerts: page.alerts, nextCursor: encodeCursor(page.nextBefore) }, 200);
  },
);

alertsRoutes.openapi(
  createRoute({
    method: "get",
    path: "/alerts/rules",
    tags: ["Alerts"],
    summary: "The tenant's alert rules",
    description:
      "Five rules, each with `enabled` and its parameters: `successRate` (below `threshold` over " +
      "`windowMs`, with at least `minResults`), `circuitOpen`, `noActiveAgent`, `trustDrop` (an agent's " +
      "trust falling by more than `threshold` within one cycle) and `webhookDisabled`.",
    security,
    responses: {
      200: { description: "The rules", ...json(AlertRulesSchema) },
      ...ProblemResponses,
    },
  }),
  async (c) => c.json(await hubFor(c.env, c.get("principal").tenantId).getAlertRules(), 200),
);

alertsRoutes.openapi(
  createRoute({
    method: "patch",
    path: "/alerts/rules",
    tags: ["Alerts"],
    summary: "Change alert rules (any subset of fields, audited as alerts.rules.change)",
    description:
      "Changes only the fields given and applies them at once: an alert that no longer meets its rule " +
      "resolves, and switching a rule off resolves its open alerts. Unknown rules or fields are refused " +
      "with a 400 naming them.",
    security,
    request: { body: { required: true, ...json(AlertRulesPatchSchema) } },
    responses: {
      200: { description: "The rules now", ...json(AlertRulesSchema) },
      ...ProblemResponses,
    },
  }),
  async (c) => {
    const hub = hubFor(c.env, c.get("principal").tenantId);
    const rules = await viaHub(
      hub.patchAlertRules(c.req.valid("json"), {
        correlationId: c.get("requestId"),
        audit: auditContext(c),
      }),
    );
    return c.json(rules, 200);
  },
);
