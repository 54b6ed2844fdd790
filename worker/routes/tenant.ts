import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { ZodError } from "zod";
import { log } from "../../shared/log";
import { fieldPath, problems } from "../../shared/problems";
import {
  mergeTenantSettings,
  parseTenantSettings,
  TenantDeleteSchema,
  TenantPatchSchema,
  TenantSchema,
  type TenantSettings,
  type TenantView,
  usageMonth,
} from "../../shared/schemas/tenant";
import { tenantBase } from "../admin-tenants";
import { recordAudit } from "../audit";
import type { AppEnv } from "../context";
import { deleteTenant } from "../delete-tenant";
import { hubFor } from "../hub-client";
import { limiterFor } from "../limiter-client";
import { assertMayChangeAuditRetention } from "../retention-settings";
import { createRouter } from "../router";
import { ProblemResponses } from "./problem-responses";
import { json, tenantSecurity } from "./security";

interface TenantRow {
  id: string;
  name: string;
  slug: string;
  status: string;
  created_at: string;
  settings: string;
}

async function loadTenant(c: Context<AppEnv>): Promise<TenantRow> {
  const row = await c.env.DB.prepare(
    `SELECT id, name, slug, status, created_at, settings FROM tenants WHERE id = ?`,
  )
    .bind(c.get("principal").tenantId)
    .first<TenantRow>();
  // Authentication just read this row; it can only be gone if the tenant was deleted meanwhile.
  if (!row) throw problems.notFound("Tenant");
  return row;
}

/** Usage is read live from the tenant's hub and rate limiter, not from D1's lagging copy. */
async function viewOf(c: Context<AppEnv>, row: TenantRow, settings: TenantSettings): Promise<TenantView> {
  const month = usageMonth();
  const [tasks, calls] = await Promise.all([
    hubFor(c.env, row.id).usage(month),
    limiterFor(c.env, row.id).usage(month),
  ]);
  return {
    ...tenantBase(row),
    settings,
    usage: { month, ...tasks, ...calls },
  };
}

export const tenantRoutes = createRouter();

tenantRoutes.openapi(
  createRoute({
    method: "get",
    path: "/tenant",
    operationId: "getTenant",
    description:
      "The caller's tenant with its settings (every default filled in) and this month's usage against its quotas. Any key of the tenant may read it.",
    tags: ["Tenant"],
    summary: "The caller's tenant: name, settings (defaults filled in) and this month's usage",
    security: tenantSecurity,
    responses: { 200: { description: "The tenant", ...json(TenantSchema) }, ...ProblemResponses },
  }),
  async (c) => {
    const row = await loadTenant(c);
    return c.json(await viewOf(c, row, parseTenantSettings(row.settings)), 200);
  },
);

tenantRoutes.openapi(
  createRoute({
    method: "patch",
    path: "/tenant",
    operationId: "updateTenant",
    tags: ["Tenant"],
    summary: "Rename the tenant or change its settings (merged field by field; audited as tenant.update)",
    description:
      "Admins and owners. Only an owner may change `settings.retention.auditDays` (how long the audit " +
      "log is kept): anyone else gets 403 naming that field. Sending its current value is allowed.",
    security: tenantSecurity,
    request: { body: { required: true, ...json(TenantPatchSchema) } },
    responses: { 200: { description: "The updated tenant", ...json(TenantSchema) }, ...ProblemResponses },
  }),
  async (c) => {
    const patch = c.req.valid("json");
    const row = await loadTenant(c);
    const before = { name: row.name, settings: parseTenantSettings(row.settings) };
    let settings: TenantSettings;
    try {
      settings = patch.settings ? mergeTenantSettings(before.settings, patch.settings) : before.settings;
    } catch (err) {
      if (!(err instanceof ZodError)) throw err;
      throw problems.validation(
        err.issues.map((i) => ({ field: fieldPath(i.path, "settings"), message: i.message })),
      );
    }
    assertMayChangeAuditRetention(c.get("principal"), before.settings, settings);
    const after = { name: patch.name ?? row.name, settings };
    if (JSON.stringify(after) === JSON.stringify(before)) return c.json(await viewOf(c, row, settings), 200);

    // Compare-and-set: two concurrent patches must not silently drop one another's fields.
    const stored = JSON.stringify(settings);
    const result = await c.env.DB.prepare(
      `UPDATE tenants SET name = ?, settings = ? WHERE id = ? AND name = ? AND settings = ?`,
    )
      .bind(after.name, stored, row.id, row.name, row.settings)
      .run();
    if (!result.meta.changes)
      throw problems.conflict(
        "The tenant was changed by another request meanwhile; read it again and retry.",
      );
    await recordAudit(c, row.id, {
      action: "tenant.update",
      target: { type: "tenant", id: row.id },
      before,
      after,
    });
    return c.json(await viewOf(c, { ...row, name: after.name, settings: stored }, settings), 200);
  },
);

tenantRoutes.openapi(
  createRoute({
    method: "delete",
    path: "/tenant",
    operationId: "deleteTenant",
    tags: ["Tenant"],
    summary: "Delete the tenant and everything it owns (owner only; confirm with the tenant's slug)",
    description:
      "Irreversible. Deletes every user, key, agent, task, history and audit row of the tenant; " +
      "its keys and sessions stop working at once.",
    security: [{ session: [] }],
    request: { body: { required: true, ...json(TenantDeleteSchema) } },
    responses: { 204: { description: "Deleted" }, ...ProblemResponses },
  }),
  async (c) => {
    const { confirm } = c.req.valid("json");
    const row = await loadTenant(c);
    if (confirm !== row.slug)
      throw problems.validation(
        [{ field: "confirm", message: "must be the tenant's slug, exactly" }],
        "To delete the tenant, send its slug as `confirm`.",
      );
    await deleteTenant(c.env, row.id);
    const principal = c.get("principal");
    // The tenant's audit chain went with it: this line is what remains of the deletion.
    log("info", "tenant deleted", {
      requestId: c.get("requestId"),
      tenantId: row.id,
      slug: row.slug,
      userId: principal.kind === "user" ? principal.userId : null,
    });
    return c.body(null, 204);
  },
);
