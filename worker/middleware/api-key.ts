import { and, eq, isNull } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { MiddlewareHandler } from "hono";
import { problems } from "../../shared/problems";
import { isWellFormedApiKey, type Scope, sha256Hex } from "../auth/api-keys";
import type { AppEnv } from "../context";
import { apiKeys } from "../db/schema";

/** lastUsedAt is written at most once a minute per key per isolate, not on every request. */
const LAST_USED_EVERY_MS = 60_000;
const lastUsedWrites = new Map<string, number>();

/** Authenticates `Authorization: Bearer wk_live_…` and resolves the tenant. */
export const apiKeyAuth: MiddlewareHandler<AppEnv> = async (c, next) => {
  const header = c.req.header("authorization");
  if (!header) throw problems.unauthorized("Send an API key as `Authorization: Bearer wk_live_…`.");
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  const key = match?.[1];
  if (!key || !isWellFormedApiKey(key)) throw problems.unauthorized("The API key is malformed.");
  const db = drizzle(c.env.DB);
  const hash = await sha256Hex(key);
  const row = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, hash), isNull(apiKeys.revokedAt)))
    .get();
  const now = Date.now();
  if (!row || (row.expiresAt && Date.parse(row.expiresAt) <= now))
    throw problems.unauthorized("The API key is unknown, revoked or expired.");
  c.set("principal", { tenantId: row.tenantId, keyId: row.id, scopes: JSON.parse(row.scopes) as Scope[] });
  const last = lastUsedWrites.get(row.id) ?? 0;
  if (now - last > LAST_USED_EVERY_MS) {
    lastUsedWrites.set(row.id, now);
    c.executionCtx.waitUntil(
      db
        .update(apiKeys)
        .set({ lastUsedAt: new Date(now).toISOString() })
        .where(and(eq(apiKeys.id, row.id), eq(apiKeys.tenantId, row.tenantId)))
        .run()
        .then(() => undefined),
    );
  }
  await next();
};

/** Requires one scope (or `admin`, which holds them all). */
export function requireScope(scope: Scope): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { scopes } = c.get("principal");
    if (!scopes.includes(scope) && !scopes.includes("admin"))
      throw problems.forbidden(`This API key lacks the \`${scope}\` scope.`);
    await next();
  };
}
