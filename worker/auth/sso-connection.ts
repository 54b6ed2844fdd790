import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { SsoConnectionInput, SsoConnectionView, SsoRole } from "../../shared/schemas/sso";
import { ssoConnections, tenants } from "../db/schema";
import { openSecret, SecretBoxError } from "./secret-box";
import type { TenantRow } from "./sessions";

/** A tenant's OIDC connection as stored; the client secret stays sealed until a login needs it. */
export interface SsoConnection {
  tenantId: string;
  issuer: string;
  clientId: string;
  clientSecretEnc: string;
  allowedDomains: string[];
  defaultRole: SsoRole;
  createdAt: string;
  updatedAt: string;
}

export const SSO_CALLBACK_PATH = "/api/v1/auth/sso/callback";

function parseDomains(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((d): d is string => typeof d === "string") : [];
  } catch {
    return [];
  }
}

function fromRow(row: typeof ssoConnections.$inferSelect): SsoConnection {
  return {
    ...row,
    allowedDomains: parseDomains(row.allowedDomains),
    defaultRole: row.defaultRole as SsoRole,
  };
}

export async function loadConnection(db: D1Database, tenantId: string): Promise<SsoConnection | null> {
  const row = await drizzle(db)
    .select()
    .from(ssoConnections)
    .where(eq(ssoConnections.tenantId, tenantId))
    .get();
  return row ? fromRow(row) : null;
}

/** A tenant with its connection, by slug or id; null when either is missing. */
export async function tenantWithConnection(
  db: D1Database,
  by: { slug: string } | { tenantId: string },
): Promise<{ tenant: TenantRow; connection: SsoConnection } | null> {
  const found = await drizzle(db)
    .select({ tenant: tenants, connection: ssoConnections })
    .from(tenants)
    .innerJoin(ssoConnections, eq(ssoConnections.tenantId, tenants.id))
    .where("slug" in by ? eq(tenants.slug, by.slug) : eq(tenants.id, by.tenantId))
    .get();
  return found ? { tenant: found.tenant, connection: fromRow(found.connection) } : null;
}

/** Ids of the tenants (at most two: enough to tell "one" from "ambiguous") that allow a domain. */
export async function tenantsAllowingDomain(db: D1Database, domain: string): Promise<string[]> {
  const { results } = await db
    .prepare(
      "SELECT DISTINCT c.tenant_id AS id FROM sso_connections c, json_each(c.allowed_domains) d WHERE d.value = ? LIMIT 2",
    )
    .bind(domain)
    .all<{ id: string }>();
  return results.map((r) => r.id);
}

export async function saveConnection(
  db: D1Database,
  tenantId: string,
  input: Omit<SsoConnectionInput, "clientSecret">,
  clientSecretEnc: string,
): Promise<void> {
  const now = new Date().toISOString();
  const values = {
    issuer: input.issuer,
    clientId: input.clientId,
    clientSecretEnc,
    allowedDomains: JSON.stringify(input.allowedDomains),
    defaultRole: input.defaultRole,
    updatedAt: now,
  };
  await drizzle(db)
    .insert(ssoConnections)
    .values({ tenantId, createdAt: now, ...values })
    .onConflictDoUpdate({ target: ssoConnections.tenantId, set: values })
    .run();
}

export async function deleteConnection(db: D1Database, tenantId: string): Promise<boolean> {
  const result = await db.prepare("DELETE FROM sso_connections WHERE tenant_id = ?").bind(tenantId).run();
  return result.meta.changes === 1;
}

/** What an admin may see: never the secret, only its last characters when it is long enough to spare them. */
export async function connectionView(
  connection: SsoConnection,
  encryptionKey: string,
  origin: string,
): Promise<SsoConnectionView> {
  let last4: string | null = null;
  try {
    const secret = await openSecret(encryptionKey, connection.clientSecretEnc, connection.tenantId);
    if (secret.length >= 16) last4 = secret.slice(-4);
  } catch (err) {
    if (!(err instanceof SecretBoxError)) throw err;
  }
  return {
    issuer: connection.issuer,
    clientId: connection.clientId,
    clientSecretSet: true,
    clientSecretLast4: last4,
    allowedDomains: connection.allowedDomains,
    defaultRole: connection.defaultRole,
    redirectUri: origin + SSO_CALLBACK_PATH,
    createdAt: connection.createdAt,
    updatedAt: connection.updatedAt,
  };
}

/** The connection as recorded in the audit log: everything but the secret. */
export function auditView(
  connection: Pick<SsoConnection, "issuer" | "clientId" | "allowedDomains" | "defaultRole">,
) {
  return {
    issuer: connection.issuer,
    clientId: connection.clientId,
    allowedDomains: connection.allowedDomains,
    defaultRole: connection.defaultRole,
  };
}
