import { createRoute, z } from "@hono/zod-openapi";
import { and, desc, eq, lt } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { Context } from "hono";
import { principalTag } from "../../shared/live-protocol";
import { problems } from "../../shared/problems";
import { idParam, ListQuery } from "../../shared/schemas/common";
import { type Role, UserPatchSchema, UserSchema } from "../../shared/schemas/identity";
import { recordAudit } from "../audit";
import { userView } from "../auth/sessions";
import { actingRole, assertCanManage } from "../auth/user-management";
import type { AppEnv } from "../context";
import { users } from "../db/schema";
import { hubFor } from "../hub-client";
import { decodeCursor, encodeCursor } from "../pagination";
import { createRouter } from "../router";
import { ProblemResponses } from "./problem-responses";
import { json, tenantSecurity } from "./security";

export const usersRoutes = createRouter();

async function ownerCount(c: Context<AppEnv>, tenantId: string): Promise<number> {
  const row = await c.env.DB.prepare("SELECT COUNT(*) AS n FROM users WHERE tenant_id = ? AND role = 'owner'")
    .bind(tenantId)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

async function findUser(c: Context<AppEnv>, tenantId: string, id: string) {
  const row = await drizzle(c.env.DB)
    .select()
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.id, id)))
    .get();
  if (!row) throw problems.notFound(`User ${id}`);
  return row;
}

usersRoutes.openapi(
  createRoute({
    method: "get",
    path: "/users",
    operationId: "listUsers",
    description:
      "Every user of the tenant with their role, newest first, with cursor pagination (`?cursor=&limit=`).",
    tags: ["Users"],
    summary: "The tenant's users, newest first",
    security: tenantSecurity,
    request: { query: ListQuery },
    responses: {
      200: {
        description: "A page of users",
        ...json(z.object({ users: z.array(UserSchema), nextCursor: z.string().nullable() })),
      },
      ...ProblemResponses,
    },
  }),
  async (c) => {
    const { cursor, limit } = c.req.valid("query");
    const before = decodeCursor(cursor, /^usr_[0-9a-z]{26}$/);
    const tenantId = c.get("principal").tenantId;
    const rows = await drizzle(c.env.DB)
      .select()
      .from(users)
      .where(before ? and(eq(users.tenantId, tenantId), lt(users.id, before)) : eq(users.tenantId, tenantId))
      .orderBy(desc(users.id))
      .limit(limit + 1)
      .all();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return c.json(
      { users: page.map(userView), nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null },
      200,
    );
  },
);

usersRoutes.openapi(
  createRoute({
    method: "patch",
    path: "/users/{id}",
    operationId: "updateUserRole",
    tags: ["Users"],
    summary: "Change a user's role",
    description:
      "Admins manage viewers, operators and admins; only an owner grants or removes the owner role (transferring ownership). The last owner cannot be demoted.",
    security: tenantSecurity,
    request: { params: idParam("usr"), body: { required: true, ...json(UserPatchSchema) } },
    responses: { 200: { description: "Updated", ...json(UserSchema) }, ...ProblemResponses },
  }),
  async (c) => {
    const principal = c.get("principal");
    const { id } = c.req.valid("param");
    const { role } = c.req.valid("json");
    const target = await findUser(c, principal.tenantId, id);
    const before = target.role as Role;
    if (before === role) return c.json(userView(target), 200);
    assertCanManage(actingRole(principal), before, role);
    if (before === "owner" && (await ownerCount(c, principal.tenantId)) <= 1)
      throw problems.conflict("This is the tenant's last owner: make another user owner first.");
    // The guard is repeated in the UPDATE so two concurrent demotions cannot both pass it.
    const result = await c.env.DB.prepare(
      `UPDATE users SET role = ?1 WHERE id = ?2 AND tenant_id = ?3
         AND (role <> 'owner' OR (SELECT COUNT(*) FROM users WHERE tenant_id = ?3 AND role = 'owner') > 1)`,
    )
      .bind(role, id, principal.tenantId)
      .run();
    if (result.meta.changes !== 1)
      throw problems.conflict("This is the tenant's last owner: make another user owner first.");
    await recordAudit(c, principal.tenantId, {
      action: "user.role_change",
      target: { type: "user", id },
      before: { role: before },
      after: { role },
    });
    return c.json(userView({ ...target, role }), 200);
  },
);

usersRoutes.openapi(
  createRoute({
    method: "delete",
    path: "/users/{id}",
    operationId: "deleteUser",
    description:
      "Removes the user from the tenant and revokes all their sessions, so their access ends at once. The last owner cannot be removed.",
    tags: ["Users"],
    summary: "Remove a user (their sessions end at once)",
    security: tenantSecurity,
    request: { params: idParam("usr") },
    responses: { 204: { description: "Removed" }, ...ProblemResponses },
  }),
  async (c) => {
    const principal = c.get("principal");
    const { id } = c.req.valid("param");
    const target = await findUser(c, principal.tenantId, id);
    assertCanManage(actingRole(principal), target.role as Role);
    const result = await c.env.DB.prepare(
      `DELETE FROM users WHERE id = ?1 AND tenant_id = ?2
         AND (role <> 'owner' OR (SELECT COUNT(*) FROM users WHERE tenant_id = ?2 AND role = 'owner') > 1)`,
    )
      .bind(id, principal.tenantId)
      .run();
    // `changes` also counts the refresh tokens the delete cascades to; zero means the guard held.
    if (result.meta.changes === 0)
      throw problems.conflict("This is the tenant's last owner and cannot be removed.");
    await hubFor(c.env, principal.tenantId).closeSocketsOf(principalTag("user", id));
    await recordAudit(c, principal.tenantId, {
      action: "user.remove",
      target: { type: "user", id },
      before: { email: target.email, role: target.role },
    });
    return c.body(null, 204);
  },
);
