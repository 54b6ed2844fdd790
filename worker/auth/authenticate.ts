import type { Context } from "hono";
import { problems } from "../../shared/problems";
import type { Role } from "../../shared/schemas/identity";
import type { AppEnv, Principal } from "../context";
import { looksLikeJwt, verifyAccessToken } from "./access-tokens";
import { isWellFormedApiKey, type Scope, sha256Hex } from "./api-keys";

/** lastUsedAt is written at most once a minute per key per isolate, not on every request. */
const LAST_USED_EVERY_MS = 60_000;
const lastUsedWrites = new Map<string, number>();

export interface Authenticated {
  principal: Principal;
  tenantStatus: string;
}

function bearer(c: Context<AppEnv>): string {
  const header = c.req.header("authorization");
  if (!header)
    throw problems.unauthorized("Send an API key or an access token as `Authorization: Bearer …`.");
  const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  if (!token) throw problems.unauthorized("The Authorization header must be `Bearer <credential>`.");
  return token;
}

/** Resolves the caller of a tenant route: an API key (`wk_live_…`) or a user's access JWT. */
export async function authenticate(c: Context<AppEnv>): Promise<Authenticated> {
  const token = bearer(c);
  if (token.startsWith("wk_")) return authenticateKey(c, token);
  if (looksLikeJwt(token)) return authenticateUser(c, token);
  throw problems.unauthorized("The credential is neither an API key nor an access token.");
}

async function authenticateKey(c: Context<AppEnv>, key: string): Promise<Authenticated> {
  // The checksum is checked offline: a mistyped or made-up key never reaches the database.
  if (!isWellFormedApiKey(key))
    throw problems.unauthorized("The API key is malformed (its checksum does not match).");
  const found = await loadKeyPrincipal(c.env.DB, { hash: await sha256Hex(key) });
  if (!found) throw problems.unauthorized("The API key is unknown, revoked or expired.");
  const keyId = (found.principal as Extract<Principal, { kind: "key" }>).keyId;
  const now = Date.now();
  const last = lastUsedWrites.get(keyId) ?? 0;
  if (now - last > LAST_USED_EVERY_MS) {
    lastUsedWrites.set(keyId, now);
    c.executionCtx.waitUntil(
      c.env.DB.prepare("UPDATE api_keys SET last_used_at = ? WHERE id = ? AND tenant_id = ?")
        .bind(new Date(now).toISOString(), keyId, found.principal.tenantId)
        .run()
        .then(() => undefined),
    );
  }
  return found;
}

/** The JWT proves who signed in; the database says whether that still holds (see loadUserPrincipal). */
async function authenticateUser(c: Context<AppEnv>, token: string): Promise<Authenticated> {
  const claims = await verifyAccessToken(c.env.WARDEN_SESSION_KEYS, token);
  if (!claims) throw problems.unauthorized("The access token is invalid or expired; refresh the session.");
  const found = await loadUserPrincipal(c.env.DB, {
    tenantId: claims.tid,
    userId: claims.sub,
    sessionId: claims.sid,
  });
  if (!found) throw problems.unauthorized("This session has ended; sign in again.");
  return found;
}

/**
 * A live, unexpired, unrevoked key with its tenant's status and settings, by the key's hash (a
 * request) or by its id within a tenant (a WebSocket ticket issued to it).
 */
export async function loadKeyPrincipal(
  db: D1Database,
  by: { hash: string } | { id: string; tenantId: string },
): Promise<Authenticated | null> {
  const where = "hash" in by ? "k.key_hash = ?" : "k.id = ? AND k.tenant_id = ?";
  const row = await db
    .prepare(
      `SELECT k.id, k.tenant_id, k.scopes, k.expires_at, t.status, t.settings
         FROM api_keys k JOIN tenants t ON t.id = k.tenant_id
        WHERE ${where} AND k.revoked_at IS NULL`,
    )
    .bind(...("hash" in by ? [by.hash] : [by.id, by.tenantId]))
    .first<{
      id: string;
      tenant_id: string;
      scopes: string;
      expires_at: string | null;
      status: string;
      settings: string;
    }>();
  if (!row || (row.expires_at && Date.parse(row.expires_at) <= Date.now())) return null;
  return {
    principal: {
      kind: "key",
      tenantId: row.tenant_id,
      keyId: row.id,
      scopes: JSON.parse(row.scopes) as Scope[],
      tenantSettings: row.settings,
    },
    tenantStatus: row.status,
  };
}

/**
 * A user as they stand now: they exist, the login's session family is not revoked (logout,
 * reuse, removal), and the role is the current one — so changes take effect on the next request.
 */
export async function loadUserPrincipal(
  db: D1Database,
  who: { tenantId: string; userId: string; sessionId: string },
): Promise<Authenticated | null> {
  const row = await db
    .prepare(
      `SELECT u.id, u.email, u.role, t.status, t.settings,
              EXISTS (SELECT 1 FROM refresh_tokens r
                       WHERE r.tenant_id = u.tenant_id AND r.family_id = ? AND r.revoked_at IS NULL) AS live
         FROM users u JOIN tenants t ON t.id = u.tenant_id
        WHERE u.id = ? AND u.tenant_id = ?`,
    )
    .bind(who.sessionId, who.userId, who.tenantId)
    .first<{ id: string; email: string; role: Role; status: string; settings: string; live: number }>();
  if (!row?.live) return null;
  return {
    principal: {
      kind: "user",
      tenantId: who.tenantId,
      userId: row.id,
      email: row.email,
      role: row.role,
      sessionId: who.sessionId,
      tenantSettings: row.settings,
    },
    tenantStatus: row.status,
  };
}
