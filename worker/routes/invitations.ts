import { createRoute, z } from "@hono/zod-openapi";
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { newId } from "../../shared/ids";
import { Problem, problems } from "../../shared/problems";
import { idParam } from "../../shared/schemas/common";
import {
  InvitationAcceptSchema,
  InvitationCreateSchema,
  InvitationSchema,
  type Role,
  SessionSchema,
} from "../../shared/schemas/identity";
import { recordAudit } from "../audit";
import { sha256Hex } from "../auth/api-keys";
import { hashPassword } from "../auth/passwords";
import { sessionResponse, startSession } from "../auth/sessions";
import { actingRole, assertCanManage } from "../auth/user-management";
import { invitations, tenants, users } from "../db/schema";
import { createRouter } from "../router";
import { ProblemResponses } from "./problem-responses";
import { json, tenantSecurity } from "./security";

/** Invitations: the only way into an existing tenant besides SSO. Links, not mail: Warden sends none. */
const INVITATION_TTL_MS = 7 * 24 * 3600_000;

export const invitationsRoutes = createRouter();

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

invitationsRoutes.openapi(
  createRoute({
    method: "post",
    path: "/users/invitations",
    operationId: "inviteUser",
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

invitationsRoutes.openapi(
  createRoute({
    method: "get",
    path: "/users/invitations",
    operationId: "listInvitations",
    description: "Invitations not yet accepted, revoked or expired, with the role each will grant.",
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

invitationsRoutes.openapi(
  createRoute({
    method: "delete",
    path: "/users/invitations/{id}",
    operationId: "revokeInvitation",
    description:
      "The invitation's link stops working at once. Only a pending invitation can be revoked: one already accepted, revoked or expired is a 404 (to take access away from someone who joined, remove the user).",
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

invitationsRoutes.openapi(
  createRoute({
    method: "post",
    path: "/invitations/{token}/accept",
    operationId: "acceptInvitation",
    description:
      "Public: the token in the invitation link is the credential. Creates the user with the invited email and role, sets their password and returns a session. The token works once and for 7 days.",
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
