import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { problems } from "../../shared/problems";
import { tenants, users } from "../db/schema";
import { sha256Hex } from "./api-keys";
import { randomToken } from "./oidc";
import type { TenantRow, UserRow } from "./sessions";

/**
 * The bridge from an SSO callback to a dashboard on another origin: the API's refresh cookie is
 * useless there, so the callback hands the browser a one-time code and the dashboard's server
 * trades it for a session. The code is a bearer credential in a URL (history, logs, Referer), so
 * it lives seconds, works once, and only its SHA-256 is stored.
 */
const HANDOFF_TTL_MS = 60_000;

export async function createHandoff(db: D1Database, tenantId: string, userId: string): Promise<string> {
  const code = randomToken(32);
  const now = Date.now();
  await db.batch([
    // Codes never collected would otherwise pile up; sweeping here keeps the table tiny.
    db.prepare("DELETE FROM sso_handoffs WHERE expires_at < ?").bind(new Date(now).toISOString()),
    db
      .prepare(
        "INSERT INTO sso_handoffs (code_hash, tenant_id, user_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
      )
      .bind(
        await sha256Hex(code),
        tenantId,
        userId,
        new Date(now).toISOString(),
        new Date(now + HANDOFF_TTL_MS).toISOString(),
      ),
  ]);
  return code;
}

/** `returnTo` with the code added; its own parameters are kept, and a `code` already there is replaced. */
export function withHandoffCode(returnTo: string, code: string): string {
  const url = new URL(returnTo);
  url.searchParams.set("code", code);
  return url.href;
}

/**
 * Claims a code and finds who it signs in. The row is deleted by the statement that reads it, so
 * of two exchanges presenting one code (a replay, a leaked URL) exactly one gets it.
 */
export async function redeemHandoff(
  db: D1Database,
  code: string,
): Promise<{ user: UserRow; tenant: TenantRow }> {
  const row = await db
    .prepare("DELETE FROM sso_handoffs WHERE code_hash = ? RETURNING tenant_id, user_id, expires_at")
    .bind(await sha256Hex(code))
    .first<{ tenant_id: string; user_id: string; expires_at: string }>();
  if (!row) throw problems.unauthorized("This sign-in code is unknown or was already used. Sign in again.");
  if (Date.parse(row.expires_at) <= Date.now())
    throw problems.unauthorized("This sign-in code expired (codes last 60 seconds). Sign in again.");
  const found = await drizzle(db)
    .select({ user: users, tenant: tenants })
    .from(users)
    .innerJoin(tenants, eq(tenants.id, users.tenantId))
    .where(and(eq(users.id, row.user_id), eq(users.tenantId, row.tenant_id)))
    .get();
  if (!found) throw problems.unauthorized("The user of this sign-in no longer exists.");
  if (found.tenant.status === "suspended") throw problems.forbidden("This organization is suspended.");
  return found;
}
