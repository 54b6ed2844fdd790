import { createRoute, z } from "@hono/zod-openapi";
import { drizzle } from "drizzle-orm/d1";
import type { Context } from "hono";
import { newId } from "../../shared/ids";
import { problems } from "../../shared/problems";
import { idParam, ListQuery, Reason } from "../../shared/schemas/common";
import { AdminTenantSchema, type AdminTenantView, usageMonth } from "../../shared/schemas/tenant";
import { findTenant, listTenants } from "../admin-tenants";
import { recordAudit } from "../audit";
import { generateApiKey, SCOPES, sha256Hex, visiblePrefix } from "../auth/api-keys";
import type { AppEnv } from "../context";
import { apiKeys, tenants } from "../db/schema";
import { hubFor } from "../hub-client";
import { decodeCursor, encodeCursor } from "../pagination";
import { createRouter } from "../router";
import { uniqueSlug } from "../tenants";
import { ProblemResponses } from "./problem-responses";
import { json } from "./security";

const TenantCreateSchema = z.object({ name: z.string().trim().min(1).max(100) }).openapi("TenantCreate");
const TenantCreatedSchema = z
  .object({
    tenant: z.object({
      id: z.string().openapi({ example: "ten_01jd0000000000000000000000" }),
      name: z.string(),
      slug: z.string(),
    }),
    apiKey: z.string().describe("Shown only in this response. Store it now."),
  })
  .openapi("TenantCreated");

const createTenant = createRoute({
  method: "post",
  path: "/admin/tenants",
  operationId: "createTenant",
  description:
    "Platform administration: creates a tenant with an initial API key holding every scope, and returns that key once. Needs the platform admin token.",
  tags: ["Admin"],
  summary: "Create a tenant (platform admin)",
  security: [{ adminToken: [] }],
  request: { body: { required: true, content: { "application/json": { schema: TenantCreateSchema } } } },
  responses: {
    201: { description: "Created", content: { "application/json": { schema: TenantCreatedSchema } } },
    ...ProblemResponses,
  },
});

export const adminRoutes = createRouter();

adminRoutes.openapi(createTenant, async (c) => {
  const { name } = c.req.valid("json");
  const db = drizzle(c.env.DB);
  const slug = await uniqueSlug(c.env.DB, name);

  const now = new Date().toISOString();
  const tenantId = newId("ten");
  const key = generateApiKey();
  await db.batch([
    db.insert(tenants).values({ id: tenantId, name, slug, createdAt: now }),
    db.insert(apiKeys).values({
      id: newId("key"),
      tenantId,
      name: "Initial key",
      prefix: visiblePrefix(key),
      keyHash: await sha256Hex(key),
      scopes: JSON.stringify(SCOPES),
      createdAt: now,
    }),
  ]);
  await hubFor(c.env, tenantId).init(tenantId);
  return c.json({ tenant: { id: tenantId, name, slug }, apiKey: key }, 201);
});

const security = [{ adminToken: [] }];
const TENANT_ID = /^ten_[0-9a-hjkmnp-tv-z]{26}$/;
const TenantParams = idParam("ten");
const PLATFORM = { type: "platform", id: null } as const;

adminRoutes.openapi(
  createRoute({
    method: "get",
    path: "/admin/tenants",
    operationId: "listTenants",
    description:
      "Platform administration: every tenant with its status and this month's usage, newest first, paginated by cursor.",
    tags: ["Admin"],
    summary: "List tenants, newest first, with this month's usage (platform admin)",
    security,
    request: { query: ListQuery },
    responses: {
      200: {
        description: "A page of tenants",
        ...json(z.object({ tenants: z.array(AdminTenantSchema), nextCursor: z.string().nullable() })),
      },
      ...ProblemResponses,
    },
  }),
  async (c) => {
    const q = c.req.valid("query");
    const page = await listTenants(c.env.DB, {
      before: decodeCursor(q.cursor, TENANT_ID),
      limit: q.limit,
      month: usageMonth(),
    });
    return c.json({ tenants: page.tenants, nextCursor: encodeCursor(page.nextBefore) }, 200);
  },
);

/**
 * Suspending and resuming are idempotent and safe to retry: the hub is told every time (so a
 * call that failed halfway converges), while D1 and the audit log change only on a real change.
 * The hub is told first: a suspension never leaves the hub assigning while D1 says suspended.
 */
async function setSuspended(
  c: Context<AppEnv>,
  id: string,
  suspended: boolean,
  reason: string | null,
): Promise<AdminTenantView> {
  const month = usageMonth();
  const before = await findTenant(c.env.DB, id, month);
  if (!before) throw problems.notFound(`Tenant ${id}`);
  await hubFor(c.env, id).setSuspended(suspended);
  const status = suspended ? "suspended" : "active";
  if (before.status === status) return before;
  await c.env.DB.prepare(`UPDATE tenants SET status = ?, suspended_at = ?, suspend_reason = ? WHERE id = ?`)
    .bind(status, suspended ? new Date().toISOString() : null, suspended ? reason : null, id)
    .run();
  await recordAudit(c, id, {
    actor: PLATFORM,
    action: suspended ? "tenant.suspend" : "tenant.resume",
    target: { type: "tenant", id },
    reason,
    before: { status: before.status },
    after: { status },
  });
  return (await findTenant(c.env.DB, id, month)) ?? before;
}

adminRoutes.openapi(
  createRoute({
    method: "post",
    path: "/admin/tenants/{id}/suspend",
    operationId: "suspendTenant",
    description:
      "Platform administration: while suspended, the tenant's API keys and sessions are refused with 403 and its hub assigns no task. Audited. Resume undoes it.",
    tags: ["Admin"],
    summary: "Suspend a tenant: its keys and sessions get 403 and its hub assigns nothing (platform admin)",
    security,
    request: {
      params: TenantParams,
      body: { required: true, ...json(z.strictObject({ reason: Reason }).openapi("TenantSuspend")) },
    },
    responses: { 200: { description: "The tenant", ...json(AdminTenantSchema) }, ...ProblemResponses },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    return c.json(await setSuspended(c, id, true, c.req.valid("json").reason), 200);
  },
);

adminRoutes.openapi(
  createRoute({
    method: "post",
    path: "/admin/tenants/{id}/resume",
    operationId: "resumeTenant",
    description:
      "Platform administration: lifts a suspension; the tenant's credentials work again and its queued tasks are assigned on the next tick. Audited.",
    tags: ["Admin"],
    summary: "Resume a suspended tenant; queued tasks are assigned again (platform admin)",
    security,
    request: {
      params: TenantParams,
      body: {
        required: false,
        ...json(z.strictObject({ reason: Reason.optional() }).openapi("TenantResume")),
      },
    },
    responses: { 200: { description: "The tenant", ...json(AdminTenantSchema) }, ...ProblemResponses },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    return c.json(await setSuspended(c, id, false, c.req.valid("json")?.reason ?? null), 200);
  },
);
