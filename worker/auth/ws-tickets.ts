import type { Context } from "hono";
import { problems } from "../../shared/problems";
import type { AppEnv, Principal } from "../context";
import { sha256Hex } from "./api-keys";
import { type Authenticated, loadKeyPrincipal, loadUserPrincipal } from "./authenticate";

/** Long enough to open a socket right after asking; short enough that a leaked URL is useless. */
export const WS_TICKET_TTL_MS = 30_000;
const TICKET_PREFIX = "wst_";
const TICKET_SHAPE = /^wst_[A-Za-z0-9_-]{43}$/;
const REFUSED = "The WebSocket ticket is unknown, used or expired.";

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

/**
 * Issues a single-use ticket for `GET /ws?ticket=`. Only its hash is stored, with who asked; the
 * principal's role or scopes are re-read at redemption, so a ticket never outlives a revocation.
 */
export async function issueWsTicket(
  db: D1Database,
  principal: Principal,
  now = Date.now(),
): Promise<{ ticket: string; expiresAt: string }> {
  const ticket = TICKET_PREFIX + base64url(crypto.getRandomValues(new Uint8Array(32)));
  const expiresAt = now + WS_TICKET_TTL_MS;
  await db.batch([
    // Expired rows are swept here rather than by a cron: issuing is the only thing that adds rows.
    db.prepare("DELETE FROM ws_tickets WHERE expires_at <= ?").bind(now),
    db
      .prepare(
        `INSERT INTO ws_tickets (ticket_hash, tenant_id, principal_kind, principal_id, session_id, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .bind(
        await sha256Hex(ticket),
        principal.tenantId,
        principal.kind,
        principal.kind === "key" ? principal.keyId : principal.userId,
        principal.kind === "user" ? principal.sessionId : null,
        new Date(now).toISOString(),
        expiresAt,
      ),
  ]);
  return { ticket, expiresAt: new Date(expiresAt).toISOString() };
}

interface TicketRow {
  tenant_id: string;
  principal_kind: "key" | "user";
  principal_id: string;
  session_id: string | null;
}

/**
 * Consumes a ticket: the DELETE … RETURNING is atomic, so of two racing redemptions only one gets
 * the row. Returns the principal as it stands now, with the tenant's status for the suspension check.
 */
export async function redeemWsTicket(c: Context<AppEnv>, ticket: string): Promise<Authenticated> {
  if (!TICKET_SHAPE.test(ticket)) throw problems.unauthorized(REFUSED);
  const row = await c.env.DB.prepare(
    `DELETE FROM ws_tickets WHERE ticket_hash = ? AND expires_at > ?
     RETURNING tenant_id, principal_kind, principal_id, session_id`,
  )
    .bind(await sha256Hex(ticket), Date.now())
    .first<TicketRow>();
  if (!row) throw problems.unauthorized(REFUSED);
  const found =
    row.principal_kind === "key"
      ? await loadKeyPrincipal(c.env.DB, { id: row.principal_id, tenantId: row.tenant_id })
      : row.session_id
        ? await loadUserPrincipal(c.env.DB, {
            tenantId: row.tenant_id,
            userId: row.principal_id,
            sessionId: row.session_id,
          })
        : null;
  if (!found) throw problems.unauthorized(REFUSED);
  return found;
}
