import { createRoute, z } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { Context } from "hono";
import { newId } from "../../shared/ids";
import { Problem, problems } from "../../shared/problems";
import {
  LoginSchema,
  RefreshSchema,
  SessionSchema,
  SignupSchema,
  TenantSummarySchema,
  UserSchema,
} from "../../shared/schemas/identity";
import { recordAudit } from "../audit";
import { sha256Hex } from "../auth/api-keys";
import { assertNotLocked, clearAccount, recordFailure, throttleKeys } from "../auth/login-throttle";
import { burnPasswordCheck, hashPassword, verifyPassword } from "../auth/passwords";
import {
  clearSessionCookie,
  presentedRefreshToken,
  refreshSession,
  revokeFamily,
  sessionResponse,
  startSession,
  userView,
} from "../auth/sessions";
import type { AppEnv } from "../context";
import { refreshTokens, tenants, users } from "../db/schema";
import { hubFor } from "../hub-client";
import { createRouter } from "../router";
import { uniqueSlug } from "../tenants";
import { ProblemResponses } from "./problem-responses";
import { json } from "./security";

const TooMany = {
  429: {
    description: "Too many failed attempts; retry after `Retry-After` seconds",
    content: { "application/problem+json": { schema: z.object({}).passthrough() } },
  },
};

export const authRoutes = createRouter();

function clientAddress(c: Context<AppEnv>): string | null {
  return c.get("clientAddress") ?? null;
}

const emailTaken = () =>
  new Problem(409, "conflict", "Conflict", "An account with this email already exists.", [
    { field: "email", message: "is already registered" },
  ]);

authRoutes.openapi(
  createRoute({
    method: "post",
    path: "/signup",
    operationId: "signUp",
    description:
      "Self-service signup: creates the tenant, its owner (the caller) and an initial API key, and returns a session (access token plus refresh token) so the owner is signed in at once. The email must not belong to another user.",
    tags: ["Identity"],
    summary: "Create a tenant and its owner, and sign the owner in",
    request: { body: { required: true, ...json(SignupSchema) } },
    responses: {
      201: { description: "Signed up and signed in", ...json(SessionSchema) },
      ...ProblemResponses,
    },
  }),
  async (c) => {
    const { organization, email, password, name } = c.req.valid("json");
    const db = drizzle(c.env.DB);
    if (await db.select({ id: users.id }).from(users).where(eq(users.email, email)).get()) throw emailTaken();
    const passwordHash = await hashPassword(password);
    const now = new Date().toISOString();
    const tenantId = newId("ten");
    const user = {
      id: newId("usr"),
      tenantId,
      email,
      name: name ?? null,
      role: "owner",
      passwordHash,
      createdAt: now,
      lastLoginAt: null,
    };
    // Two signups can race for one slug or one email; the UNIQUE constraints decide, and the
    // loser retries with the next free slug (or learns the email is taken).
    let tenant: typeof tenants.$inferSelect | null = null;
    for (let attempt = 0; attempt < 3 && !tenant; attempt++) {
      const slug = await uniqueSlug(c.env.DB, organization);
      const row = {
        id: tenantId,
        name: organization,
        slug,
        createdAt: now,
        status: "active",
        settings: "{}",
      };
      try {
        await db.batch([db.insert(tenants).values(row), db.insert(users).values(user)]);
        tenant = { ...row, suspendedAt: null, suspendReason: null, retainedAt: null };
      } catch (err) {
        const message = String((err as Error).message ?? err);
        if (/users\.email/.test(message)) throw emailTaken();
        if (!/tenants\.slug/.test(message)) throw err;
      }
    }
    if (!tenant) throw problems.conflict("Could not find a free slug for this organization; try again.");
    await hubFor(c.env, tenantId).init(tenantId);
    const session = await startSession(c, user, tenant);
    await recordAudit(c, tenantId, {
      actor: { type: "user", id: user.id },
      action: "tenant.signup",
      target: { type: "tenant", id: tenantId },
      after: {
        tenant: { id: tenantId, name: organization, slug: tenant.slug },
        owner: { id: user.id, email },
      },
    });
    return sessionResponse(c, session, 201);
  },
);

authRoutes.openapi(
  createRoute({
    method: "post",
    path: "/auth/login",
    operationId: "logIn",
    tags: ["Identity"],
    summary: "Sign in with email and password",
    description:
      "Failed attempts are counted per account and per address: after a few they are slowed down, then refused with 429 and Retry-After.",
    request: { body: { required: true, ...json(LoginSchema) } },
    responses: {
      200: { description: "Signed in", ...json(SessionSchema) },
      ...ProblemResponses,
      ...TooMany,
    },
  }),
  async (c) => {
    const { email, password } = c.req.valid("json");
    const keys = throttleKeys(email, clientAddress(c));
    await assertNotLocked(c.env.DB, keys);
    const found = await drizzle(c.env.DB)
      .select({ user: users, tenant: tenants })
      .from(users)
      .innerJoin(tenants, eq(tenants.id, users.tenantId))
      .where(eq(users.email, email))
      .get();
    let ok = false;
    if (found?.user.passwordHash) ok = await verifyPassword(password, found.user.passwordHash);
    else await burnPasswordCheck(password);
    if (!found || !ok) {
      const delay = await recordFailure(c.env.DB, keys);
      if (found)
        await recordAudit(c, found.user.tenantId, {
          actor: { type: "user", id: found.user.id },
          action: "auth.login_failed",
          target: { type: "user", id: found.user.id },
          reason: found.user.passwordHash ? "wrong password" : "account signs in with SSO only",
        });
      if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
      throw problems.unauthorized("The email or password is incorrect.");
    }
    if (found.tenant.status === "suspended") throw problems.forbidden("This tenant is suspended.");
    await clearAccount(c.env.DB, keys);
    const session = await startSession(c, found.user, found.tenant);
    await recordAudit(c, found.user.tenantId, {
      actor: { type: "user", id: found.user.id },
      action: "auth.login",
      target: { type: "user", id: found.user.id },
      reason: "password",
    });
    return sessionResponse(c, session, 200);
  },
);

authRoutes.openapi(
  createRoute({
    method: "post",
    path: "/auth/refresh",
    operationId: "refreshSession",
    tags: ["Identity"],
    summary: "Exchange a refresh token for a new session (the token rotates)",
    description:
      "Each refresh token works once. Presenting one that was already used revokes every session descending from the same login.",
    request: { body: { required: false, ...json(RefreshSchema) } },
    responses: { 200: { description: "A new session", ...json(SessionSchema) }, ...ProblemResponses },
  }),
  async (c) => {
    const token = presentedRefreshToken(c, c.req.valid("json"));
    if (!token)
      throw problems.unauthorized("Send the refresh token in the body or the `warden_refresh` cookie.");
    try {
      return sessionResponse(c, await refreshSession(c, token), 200);
    } catch (err) {
      if (err instanceof Problem && err.status === 401) clearSessionCookie(c);
      throw err;
    }
  },
);

authRoutes.openapi(
  createRoute({
    method: "post",
    path: "/auth/logout",
    operationId: "logOut",
    description:
      "Revokes the refresh token and every token rotated from it, so no copy of it can renew the session. Access tokens already issued expire on their own within 15 minutes.",
    tags: ["Identity"],
    summary: "End the session (revokes the refresh token's whole family)",
    request: { body: { required: false, ...json(RefreshSchema) } },
    responses: { 204: { description: "Signed out" }, ...ProblemResponses },
  }),
  async (c) => {
    const token = presentedRefreshToken(c, c.req.valid("json"));
    clearSessionCookie(c);
    if (token) {
      const row = await drizzle(c.env.DB)
        .select()
        .from(refreshTokens)
        .where(eq(refreshTokens.tokenHash, await sha256Hex(token)))
        .get();
      if (row && !row.revokedAt) {
        await revokeFamily(c, row.tenantId, row.familyId);
        await recordAudit(c, row.tenantId, {
          actor: { type: "user", id: row.userId },
          action: "auth.logout",
          target: { type: "user", id: row.userId },
        });
      }
    }
    return c.body(null, 204);
  },
);

authRoutes.openapi(
  createRoute({
    method: "get",
    path: "/auth/me",
    operationId: "getMe",
    description:
      "Who the access token belongs to: the user (id, email, role) and their tenant. The dashboard calls it on load to decide what to show.",
    tags: ["Identity"],
    summary: "The signed-in user and their tenant",
    security: [{ session: [] }],
    responses: {
      200: {
        description: "Who you are",
        ...json(z.object({ user: UserSchema, tenant: TenantSummarySchema })),
      },
      ...ProblemResponses,
    },
  }),
  async (c) => {
    const principal = c.get("principal");
    if (principal.kind !== "user") throw problems.forbidden("Only a signed-in user has a profile.");
    const found = await drizzle(c.env.DB)
      .select({ user: users, tenant: tenants })
      .from(users)
      .innerJoin(tenants, eq(tenants.id, users.tenantId))
      .where(and(eq(users.id, principal.userId), eq(users.tenantId, principal.tenantId)))
      .get();
    if (!found) throw problems.unauthorized("This session has ended; sign in again.");
    return c.json(
      {
        user: userView(found.user),
        tenant: { id: found.tenant.id, name: found.tenant.name, slug: found.tenant.slug },
      },
      200,
    );
  },
);
