import { problems } from "../../shared/problems";
import { sha256Hex } from "./api-keys";
import { pkceChallenge, randomToken } from "./oidc";

/**
 * A started SSO sign-in, kept in D1 between the redirect to the provider and its callback. The
 * state and nonce are stored only as hashes (a database reader cannot complete or forge a login
 * with them); the PKCE verifier is stored as is because the token endpoint needs it. Rows live ten
 * minutes and are deleted by the callback that consumes them, so each can be used once.
 */
const STATE_TTL_MS = 10 * 60_000;

export interface StartedLogin {
  state: string;
  nonce: string;
  codeChallenge: string;
}

export interface PendingLogin {
  tenantId: string;
  nonceHash: string;
  codeVerifier: string;
  redirectUri: string;
  returnTo: string | null;
}

export async function beginLogin(
  db: D1Database,
  login: { tenantId: string; redirectUri: string; returnTo: string | null },
): Promise<StartedLogin> {
  const state = randomToken();
  const nonce = randomToken();
  const codeVerifier = randomToken();
  const now = Date.now();
  await db.batch([
    // Abandoned sign-ins would otherwise accumulate; sweeping them here keeps the table tiny.
    db.prepare("DELETE FROM sso_states WHERE expires_at < ?").bind(new Date(now).toISOString()),
    db
      .prepare(
        `INSERT INTO sso_states (state_hash, tenant_id, nonce, code_verifier, redirect_uri, return_to, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .bind(
        await sha256Hex(state),
        login.tenantId,
        await sha256Hex(nonce),
        codeVerifier,
        login.redirectUri,
        login.returnTo,
        new Date(now).toISOString(),
        new Date(now + STATE_TTL_MS).toISOString(),
      ),
  ]);
  return { state, nonce, codeChallenge: await pkceChallenge(codeVerifier) };
}

interface StateRow {
  tenant_id: string;
  nonce: string;
  code_verifier: string;
  redirect_uri: string;
  return_to: string | null;
  expires_at: string;
}

/**
 * Claims a sign-in by its state. The row is deleted in the same statement that reads it, so of
 * two callbacks presenting one state (a replay, or a double submit) exactly one gets it.
 */
export async function consumeLogin(db: D1Database, state: string): Promise<PendingLogin> {
  const row = await db
    .prepare(
      "DELETE FROM sso_states WHERE state_hash = ? RETURNING tenant_id, nonce, code_verifier, redirect_uri, return_to, expires_at",
    )
    .bind(await sha256Hex(state))
    .first<StateRow>();
  if (!row)
    throw problems.unauthorized(
      "This sign-in state is unknown or was already used. Start the sign-in again.",
    );
  if (Date.parse(row.expires_at) <= Date.now())
    throw problems.unauthorized("This sign-in took longer than 10 minutes and expired. Start it again.");
  return {
    tenantId: row.tenant_id,
    nonceHash: row.nonce,
    codeVerifier: row.code_verifier,
    redirectUri: row.redirect_uri,
    returnTo: row.return_to,
  };
}

export async function forgetTenantLogins(db: D1Database, tenantId: string): Promise<void> {
  await db.prepare("DELETE FROM sso_states WHERE tenant_id = ?").bind(tenantId).run();
}
