import { createRoute, z } from "@hono/zod-openapi";
import { and, desc, eq, gt, isNull, lt } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { Context } from "hono";
import { newId } from "../../shared/ids";
import { principalTag } from "../../shared/live-protocol";
import { Problem, problems } from "../../shared/problems";
import { idParam, ListQuery } from "../../shared/schemas/common";
import {
  InvitationAcceptSchema,
  InvitationCreateSchema,
  InvitationSchema,
  type Role,
  roleAtLeast,
  SessionSchema,
  UserPatchSchema,
  UserSchema,
} from "../../shared/schemas/identity";
import { recordAudit } from "../audit";
import { sha256Hex } from "../auth/api-keys";
import { hashPassword } from "../auth/passwords";
import { sessionResponse, startSession, userView } from "../auth/sessions";
import type { AppEnv, Principal } from "../context";
import { invitations, tenants, users } from "../db/schema";
import { hubFor } from "../hub-client";
import { decodeCursor, encodeCursor } from "../pagination";
import { createRouter } from "../router";
import { ProblemResponses } from "./problem-responses";
import { tenantSecurity } from "./security";

const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });
const INVITATION_TTL_MS = 7 * 24 * 3600_000;

export const usersRoutes = createRouter();

/** An API key with the `admin` scope acts with the admin role; users act with their own. */
function actingRole(principal: Principal): Role {
  return principal.kind === "user" ? principal.role : "admin";
}

/**
 * Nobody can act on someone above them or grant more than they hold: admins manage viewers,
 * operators and admins; only an owner can make (or unmake) another owner.
 */
function assertCanManage(actor: Role, targetRole: Role, newRole?: Role): void {
  if (!roleAtLeast(actor, targetRole))
    throw problems.forbidden(`You are ${actor}; only an owner can change an ${targetRole}.`);
  if (newRole && !roleAtLeast(actor, newRole))
    throw problems.forbidden(`You are ${actor}; you cannot grant the ${newRole} role.`);
}

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

// --- invitations -------------------------------------------------------------------------------

function invitationView(row: typeof invitations.$inferSelect) {
  return {
    id: row.id,
    email: row.email,
    role: row.role as Role,
    invitedBy: row.invitedBy,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
  };
}

function newInvitationToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `wi_${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

usersRoutes.openapi(
  createRoute({
    method: "post",
    path: "/users/invitations",
    tags: ["Users"],
    summary: "Invite someone by email; returns a one-time link (valid 7 days)",
    description: "Warden sends no mail: pass the link on yourself. It is shown only in this response.",
    security: tenantSecurity,
    request: { body: { required: true, ...json(InvitationCreateSchema) } },
    responses: {
      201: {
        description: "Invited",
        ...json(z.object({ invitation: InvitationSchema, token: z.string(), url: z.string() })),
      },
      ...ProblemResponses,
    },
  }),
  async (c) => {
    const principal = c.get("principal");
    const { email, role } = c.req.valid("json");
    assertCanManage(actingRole(principal), role, role);
    const db = drizzle(c.env.DB);
    if (await db.select({ id: users.id }).from(users).where(eq(users.email, email)).get())
      throw new Problem(409, "conflict", "Conflict", "An account with this email already exists.", [
        { field: "email", message: "is already registered" },
      ]);
    const token = newInvitationToken();
    const now = Date.now();
    const row = {
      id: newId("inv", now),
      tenantId: principal.tenantId,
      email,
      role,
      tokenHash: await sha256Hex(token),
      invitedBy: principal.kind === "user" ? principal.userId : principal.keyId,
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + INVITATION_TTL_MS).toISOString(),
      acceptedAt: null,
      revokedAt: null,
    };
    await db.insert(invitations).values(row);
    await recordAudit(c, principal.tenantId, {
      action: "invitation.create",
      target: { type: "invitation", id: row.id },
      after: { email, role },
    });
    const base = c.env.WARDEN_DASHBOARD_URL ?? new URL(c.req.url).origin;
    return c.json(
      { invitation: invitationView(row), token, url: `${base.replace(/\/$/, "")}/invitations/${token}` },
      201,
    );
  },
);

usersRoutes.openapi(
  createRoute({
    method: "get",
    path: "/users/invitations",
    tags: ["Users"],
    summary: "Pending invitations",
    security: tenantSecurity,
    responses: {
      200: {
        description: "Pending invitations",
        ...json(z.object({ invitations: z.array(InvitationSchema) })),
      },
      ...ProblemResponses,
    },
  }),
  async (c) => {
    const rows = await drizzle(c.env.DB)
      .select()
      .from(invitations)
      .where(
        and(
          eq(invitations.tenantId, c.get("principal").tenantId),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
          gt(invitations.expiresAt, new Date().toISOString()),
        ),
      )
      .orderBy(desc(invitations.id))
      .all();
    return c.json({ invitations: rows.map(invitationView) }, 200);
  },
);

usersRoutes.openapi(
  createRoute({
    method: "delete",
    path: "/users/invitations/{id}",
    tags: ["Users"],
    summary: "Revoke a pending invitation",
    security: tenantSecurity,
    request: { params: idParam("inv") },
    responses: { 204: { description: "Revoked" }, ...ProblemResponses },
  }),
  async (c) => {
    const principal = c.get("principal");
    const { id } = c.req.valid("param");
    const result = await c.env.DB.prepare(
      "UPDATE invitations SET revoked_at = ? WHERE id = ? AND tenant_id = ? AND accepted_at IS NULL AND revoked_at IS NULL",
    )
      .bind(new Date().toISOString(), id, principal.tenantId)
      .run();
    if (result.meta.changes !== 1) throw problems.notFound(`Pending invitation ${id}`);
    await recordAudit(c, principal.tenantId, {
      action: "invitation.revoke",
      target: { type: "invitation", id },
    });
    return c.body(null, 204);
  },
);

usersRoutes.openapi(
  createRoute({
    method: "post",
    path: "/invitations/{token}/accept",
    tags: ["Users"],
    summary: "Accept an invitation: creates the account and signs it in",
    request: {
      params: z.object({
        token: z
          .string()
          .regex(/^wi_[0-9a-f]{64}$/, "is not an invitation token")
          .openapi({ param: { name: "token", in: "path" } }),
      }),
      body: { required: true, ...json(InvitationAcceptSchema) },
    },
    responses: { 201: { description: "Account created", ...json(SessionSchema) }, ...ProblemResponses },
  }),
  async (c) => {
    const { token } = c.req.valid("param");
    const { password, name } = c.req.valid("json");
    const db = drizzle(c.env.DB);
    const now = new Date().toISOString();
    const invitation = await db
      .select()
      .from(invitations)
      .where(eq(invitations.tokenHash, await sha256Hex(token)))
      .get();
    if (!invitation || invitation.acceptedAt || invitation.revokedAt || invitation.expiresAt <= now)
      throw problems.notFound("This invitation is unknown, used, revoked or expired; it");
    const tenant = await db.select().from(tenants).where(eq(tenants.id, invitation.tenantId)).get();
    if (!tenant) throw problems.notFound("The invitation's tenant");
    if (tenant.status === "suspended") throw problems.forbidden("This tenant is suspended.");
    if (await db.select({ id: users.id }).from(users).where(eq(users.email, invitation.email)).get())
      throw problems.conflict("An account with this email already exists.");
    const user = {
      id: newId("usr"),
      tenantId: invitation.tenantId,
      email: invitation.email,
      name: name ?? null,
      role: invitation.role,
      passwordHash: await hashPassword(password),
      createdAt: now,
      lastLoginAt: null,
    };
    // Claim the link first: of two concurrent acceptances only one gets past this point.
    const claimed = await c.env.DB.prepare(
      "UPDATE invitations SET accepted_at = ? WHERE id = ? AND tenant_id = ? AND accepted_at IS NULL AND revoked_at IS NULL",
    )
      .bind(now, invitation.id, invitation.tenantId)
      .run();
    if (claimed.meta.changes !== 1) throw problems.notFound("This invitation is already used; it");
    try {
      await db.insert(users).values(user);
    } catch (err) {
      // The email was registered meanwhile: give the link back so nothing is half-done.
      await c.env.DB.prepare("UPDATE invitations SET accepted_at = NULL WHERE id = ? AND tenant_id = ?")
        .bind(invitation.id, invitation.tenantId)
        .run();
      if (/users\.email/.test(String((err as Error).message)))
        throw problems.conflict("An account with this email already exists.");
      throw err;
    }
    const session = await startSession(c, user, tenant);
    await recordAudit(c, invitation.tenantId, {
      actor: { type: "user", id: user.id },
      action: "invitation.accept",
      target: { type: "user", id: user.id },
      after: { email: user.email, role: user.role, invitationId: invitation.id },
    });
    return sessionResponse(c, session, 201);
  },
);
