import { createRoute, z } from "@hono/zod-openapi";
import { AuditEntrySchema, VerificationSchema } from "../../shared/schemas/audit";
import { ListQuery } from "../../shared/schemas/common";
import { exportHeaders, exportStream } from "../audit-export";
import { type AuditFilter, auditNewestFirst, renderAuditRow } from "../audit-query";
import { verifyChain } from "../audit-verify";
import { hubFor } from "../hub-client";
import { decodeCursor, encodeCursor } from "../pagination";
import { createRouter } from "../router";
import { ProblemResponses } from "./problem-responses";
import { json, tenantSecurity } from "./security";

const tags = ["Audit"];
const security = tenantSecurity;

const dateTime = (description: string) =>
  z.iso
    .datetime({ offset: true, message: "must be an ISO 8601 date-time" })
    .optional()
    .openapi({ description, format: "date-time" });

const FilterQuery = z.object({
  actor: z.string().min(1).max(200).optional().openapi({ description: "Actor id: a user or key id" }),
  action: z
    .string()
    .max(100)
    .regex(
      /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*(\.\*)?$/,
      "an action such as agent.suppress, or a prefix such as agent.*",
    )
    .optional()
    .openapi({ description: "An exact action, or `prefix.*`", example: "agent.*" }),
  target: z.string().min(1).max(200).optional().openapi({ description: "Target id" }),
  from: dateTime("Rows at or after this time"),
  to: dateTime("Rows before this time"),
});

const inOrder = (q: AuditFilter, ctx: z.RefinementCtx) => {
  if (q.from && q.to && Date.parse(q.from) > Date.parse(q.to))
    ctx.addIssue({ code: "custom", path: ["to"], message: "must not be before from" });
};

const filterOf = ({ actor, action, target, from, to }: AuditFilter): AuditFilter => ({
  actor,
  action,
  target,
  from,
  to,
});

const SEQ_CURSOR = /^[1-9][0-9]{0,14}$/;

export const auditRoutes = createRouter();

auditRoutes.openapi(
  createRoute({
    method: "get",
    path: "/audit",
    operationId: "listAuditEntries",
    description:
      "The tamper-evident log of every change made in the tenant (who, what, when, from where), newest first, filterable and paginated by cursor. Each entry carries its hash and the previous entry's hash.",
    tags,
    summary: "The tenant's audit log, newest first",
    security,
    request: { query: ListQuery.extend(FilterQuery.shape).superRefine(inOrder) },
    responses: {
      200: {
        description: "A page of audit rows",
        ...json(z.object({ entries: z.array(AuditEntrySchema), nextCursor: z.string().nullable() })),
      },
      ...ProblemResponses,
    },
  }),
  async (c) => {
    const q = c.req.valid("query");
    const cursor = decodeCursor(q.cursor, SEQ_CURSOR);
    const rows = await auditNewestFirst(
      c.env.DB,
      c.get("principal").tenantId,
      filterOf(q),
      cursor === undefined ? undefined : Number(cursor),
      q.limit,
    );
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    const nextCursor = rows.length > q.limit && last ? encodeCursor(String(last.seq)) : null;
    return c.json({ entries: page.map(renderAuditRow), nextCursor }, 200);
  },
);

auditRoutes.openapi(
  createRoute({
    method: "get",
    path: "/audit/export",
    operationId: "exportAudit",
    tags,
    summary: "Export the audit log (streamed, oldest first)",
    description:
      "CSV carries the stored columns verbatim (before/after as the exact JSON text the hash covers); " +
      "cells starting with = + - @ get a leading quote so spreadsheets do not run them. " +
      "JSON is one array of the same entries `GET /audit` returns.",
    security,
    request: {
      query: FilterQuery.extend({ format: z.enum(["csv", "json"]).default("json") }).superRefine(inOrder),
    },
    responses: {
      200: {
        description: "The export, as an attachment",
        content: {
          "text/csv": {
            schema: z.string(),
            example:
              "id,seq,at,actor_type,actor_id,action,target_type,target_id,reason,request_id,address,user_agent,before,after,prev_hash,hash\n" +
              'aud_01jd0000000000000000000000,1,2026-11-22T10:00:00.000Z,user,usr_01jd0000000000000000000000,agent.suppress,agent,agt_01jd0000000000000000000000,Failing every task,req_01jd0000000000000000000000,203.0.113.7,curl/8.5.0,"{""status"":""active""}","{""status"":""suppressed""}",,9f2c…\n',
          },
          "application/json": { schema: z.array(AuditEntrySchema) },
        },
      },
      ...ProblemResponses,
    },
  }),
  async (c) => {
    const q = c.req.valid("query");
    const tenantId = c.get("principal").tenantId;
    return new Response(exportStream(c.env.DB, tenantId, filterOf(q), q.format), {
      status: 200,
      headers: exportHeaders(tenantId, q.format),
    });
  },
);

auditRoutes.openapi(
  createRoute({
    method: "get",
    path: "/audit/verify",
    operationId: "verifyAudit",
    description:
      "Walks the whole chain and reports whether every entry's hash matches its content and links to the one before, with no gap in the sequence; on a break it names the first entry at fault.",
    tags,
    summary: "Re-check the audit chain: every hash, every link, no gaps, nothing missing at the end",
    security,
    responses: {
      200: {
        description: "The verdict",
        ...json(VerificationSchema),
      },
      ...ProblemResponses,
    },
  }),
  async (c) => {
    const tenantId = c.get("principal").tenantId;
    const hub = hubFor(c.env, tenantId);
    return c.json(await verifyChain(c.env.DB, tenantId, () => hub.auditAnchor()), 200);
  },
);
