import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { newId } from "../../shared/ids";
import { problems } from "../../shared/problems";
import type { SsoRole } from "../../shared/schemas/sso";
import { users } from "../db/schema";
import type { VerifiedIdentity } from "./oidc";
import type { TenantRow, UserRow } from "./sessions";

/** The part of an email after the last `@`, lower-cased. */
export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf("@") + 1).toLowerCase();
}

export function assertDomainAllowed(email: string, allowedDomains: string[]): void {
  const domain = emailDomain(email);
  if (!allowedDomains.includes(domain))
    throw problems.forbidden(
      `The email domain ${domain} is not allowed to sign in to this organization with SSO (allowed: ${allowedDomains.join(", ")}).`,
    );
}

/**
 * The user an SSO identity signs in as: the existing account with that email, or a new one with
 * the connection's default role (just-in-time provisioning). Emails are unique across the
 * platform, so an address that already belongs to another tenant is refused rather than moved.
 */
export async function findOrProvisionUser(
  db: D1Database,
  tenant: TenantRow,
  defaultRole: SsoRole,
  identity: VerifiedIdentity,
): Promise<{ user: UserRow; provisioned: boolean }> {
  const now = new Date().toISOString();
  // ON CONFLICT DO NOTHING: two first sign-ins racing each other end with one row, not an error.
  const inserted = await db
    .prepare(
      `INSERT INTO users (id, tenant_id, email, name, role, password_hash, created_at)
       VALUES (?, ?, ?, ?, ?, NULL, ?) ON CONFLICT (email) DO NOTHING`,
    )
    .bind(newId("usr"), tenant.id, identity.email, identity.name, defaultRole, now)
    .run();
  const user = await drizzle(db).select().from(users).where(eq(users.email, identity.email)).get();
  if (!user) throw problems.unauthorized("The account for this sign-in could not be found.");
  if (user.tenantId !== tenant.id)
    throw problems.conflict(
      `The email ${identity.email} already belongs to an account in another organization, so it cannot sign in to ${tenant.name}.`,
    );
  return { user, provisioned: inserted.meta.changes === 1 };
}
