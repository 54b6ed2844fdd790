import { env } from "cloudflare:workers";

/** The session a successful sign-in answers with: tokens, the user and their tenant. */
export interface SessionBody {
  accessToken: string;
  refreshToken?: string;
  user: { id: string; email: string; role: string; sso: boolean };
  tenant: { id: string; slug: string };
}

/** The tenant's audit trail straight from D1, oldest first. */
export async function auditActions(
  tenantId: string,
): Promise<{ action: string; reason: string | null; after: string | null }[]> {
  const { results } = await env.DB.prepare(
    "SELECT action, reason, after FROM audit_log WHERE tenant_id = ? ORDER BY seq",
  )
    .bind(tenantId)
    .all<{ action: string; reason: string | null; after: string | null }>();
  return results;
}
