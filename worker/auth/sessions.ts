import { and, eq, isNull } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { newId } from "../../shared/ids";
import { principalTag } from "../../shared/live-protocol";
import { problems } from "../../shared/problems";
import type { Role, Session, UserView } from "../../shared/schemas/identity";
import type { AppEnv } from "../context";
import { refreshTokens, tenants, users } from "../db/schema";
import { hubFor } from "../hub-client";
import { ACCESS_TOKEN_TTL_S, signAccessToken } from "./access-tokens";
import { sha256Hex } from "./api-keys";

/**
 * Sessions: a short-lived access JWT plus a refresh token that rotates on every use. The refresh
 * token is stored only as its SHA-256. All tokens descending from one login form a family; a
 * token presented twice means someone else has a copy, so the whole family is revoked.
 */
export const REFRESH_COOKIE = "warden_refresh";
const REFRESH_TTL_MS = 30 * 24 * 3600_000;
const COOKIE_PATH = "/api/v1/auth";

export type UserRow = typeof users.$inferSelect;
export type TenantRow = typeof tenants.$inferSelect;

export function userView(row: UserRow): UserView {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role as Role,
    sso: row.passwordHash === null,
    createdAt: row.createdAt,
    lastLoginAt: row.lastLoginAt,
  };
}

function newRefreshToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `wr_${btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "")}`;
}

/** Browsers send Fetch Metadata headers; they get the refresh token only as an httpOnly cookie. */
export function isBrowser(c: Context<AppEnv>): boolean {
  // Sec-Fetch-Site alone: browsers always send it, while server-side fetch (Node's undici, as the
  // dashboard's server uses in development) sends Sec-Fetch-Mode too but never Sec-Fetch-Site.
  return c.req.header("sec-fetch-site") !== undefined;
}

async function issue(
  c: Context<AppEnv>,
  user: UserRow,
  tenant: TenantRow,
  familyId: string,
  now: number,
): Promise<Session> {
  const refreshToken = newRefreshToken();
  const refreshExpiresAt = new Date(now + REFRESH_TTL_MS).toISOString();
  const accessToken = await signAccessToken(c.env.WARDEN_SESSION_KEYS, {
    sub: user.id,
    tid: tenant.id,
    role: user.role as Role,
    sid: familyId,
  });
  return {
    accessToken,
    tokenType: "Bearer",
    expiresIn: ACCESS_TOKEN_TTL_S,
    refreshToken,
    refreshExpiresAt,
    user: userView(user),
    tenant: { id: tenant.id, name: tenant.name, slug: tenant.slug },
  };
}

async function storeRefresh(
  session: Session,
  user: UserRow,
  familyId: string,
  now: number,
): Promise<typeof refreshTokens.$inferInsert> {
  return {
    id: newId("rtk", now),
    tenantId: user.tenantId,
    userId: user.id,
    familyId,
    tokenHash: await sha256Hex(session.refreshToken ?? ""),
    createdAt: new Date(now).toISOString(),
    expiresAt: session.refreshExpiresAt,
  };
}

/** A new login: a new token family. Also stamps the user's last login. */
export async function startSession(c: Context<AppEnv>, user: UserRow, tenant: TenantRow): Promise<Session> {
  const now = Date.now();
  const familyId = newId("ses", now);
  const session = await issue(c, user, tenant, familyId, now);
  const db = drizzle(c.env.DB);
  const at = new Date(now).toISOString();
  await db.batch([
    db.insert(refreshTokens).values(await storeRefresh(session, user, familyId, now)),
    db
      .update(users)
      .set({ lastLoginAt: at })
      .where(and(eq(users.id, user.id), eq(users.tenantId, user.tenantId))),
  ]);
  return { ...session, user: { ...session.user, lastLoginAt: at } };
}

/** Rotates a refresh token. A used, revoked or unknown token gets 401; a used one also ends its family. */
export async function refreshSession(c: Context<AppEnv>, token: string): Promise<Session> {
  const db = drizzle(c.env.DB);
  const now = Date.now();
  const row = await db
    .select()
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, await sha256Hex(token)))
    .get();
  if (!row || row.revokedAt || Date.parse(row.expiresAt) <= now)
    throw problems.unauthorized("The refresh token is unknown, expired or revoked.");
  if (row.usedAt) {
    await revokeFamily(c, row.tenantId, row.familyId);
    throw problems.unauthorized(
      "The refresh token was already used; every session from that login has ended.",
    );
  }
  // Claim the token atomically: of two concurrent refreshes with one token, only one wins.
  const claimed = await c.env.DB.prepare(
    "UPDATE refresh_tokens SET used_at = ? WHERE id = ? AND tenant_id = ? AND used_at IS NULL AND revoked_at IS NULL",
  )
    .bind(new Date(now).toISOString(), row.id, row.tenantId)
    .run();
  if (claimed.meta.changes !== 1) {
    await revokeFamily(c, row.tenantId, row.familyId);
    throw problems.unauthorized(
      "The refresh token was already used; every session from that login has ended.",
    );
  }
  const found = await db
    .select({ user: users, tenant: tenants })
    .from(users)
    .innerJoin(tenants, eq(tenants.id, users.tenantId))
    .where(and(eq(users.id, row.userId), eq(users.tenantId, row.tenantId)))
    .get();
  if (!found) throw problems.unauthorized("The user of this session no longer exists.");
  if (found.tenant.status === "suspended") throw problems.forbidden("This tenant is suspended.");
  const session = await issue(c, found.user, found.tenant, row.familyId, now);
  await db.insert(refreshTokens).values(await storeRefresh(session, found.user, row.familyId, now));
  return session;
}

/** Ends one login everywhere: its refresh tokens, its access tokens (checked per request) and its live sockets. */
export async function revokeFamily(c: Context<AppEnv>, tenantId: string, familyId: string): Promise<void> {
  await drizzle(c.env.DB)
    .update(refreshTokens)
    .set({ revokedAt: new Date().toISOString() })
    .where(
      and(
        eq(refreshTokens.tenantId, tenantId),
        eq(refreshTokens.familyId, familyId),
        isNull(refreshTokens.revokedAt),
      ),
    )
    .run();
  await hubFor(c.env, tenantId).closeSocketsOf(principalTag("session", familyId));
}

/** The refresh token a request presents: the body's `refreshToken`, else the cookie. */
export function presentedRefreshToken(
  c: Context<AppEnv>,
  body: { refreshToken?: string | undefined },
): string | null {
  return body.refreshToken ?? getCookie(c, REFRESH_COOKIE) ?? null;
}

/**
 * Sends a session: API callers get the refresh token in the body; browsers get it as an
 * httpOnly, SameSite=Strict cookie scoped to the auth routes, and never see it in script.
 */
export function sessionResponse<S extends 200 | 201>(c: Context<AppEnv>, session: Session, status: S) {
  if (!isBrowser(c)) return c.json(session, status);
  setCookie(c, REFRESH_COOKIE, session.refreshToken ?? "", {
    httpOnly: true,
    sameSite: "Strict",
    secure: c.env.WARDEN_ENV === "production" || new URL(c.req.url).protocol === "https:",
    path: COOKIE_PATH,
    expires: new Date(session.refreshExpiresAt),
  });
  const { refreshToken: _omit, ...rest } = session;
  return c.json(rest, status);
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, REFRESH_COOKIE, { path: COOKIE_PATH });
}
