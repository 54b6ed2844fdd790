import { Problem } from "../shared/problems";
import type { TenantSettings } from "../shared/schemas/tenant";
import { actingRole } from "./auth/user-management";
import type { Principal } from "./context";

const AUDIT_DAYS_FIELD = "settings.retention.auditDays";

/**
 * Shortening the audit log's life destroys evidence, so it is the owner's call alone (decision
 * 020). Admins (and API keys, which act as admins) may still send the value unchanged, as a
 * form that posts every field does.
 */
export function assertMayChangeAuditRetention(
  principal: Principal,
  before: TenantSettings,
  after: TenantSettings,
): void {
  if (after.retention.auditDays === before.retention.auditDays) return;
  const role = actingRole(principal);
  if (role === "owner") return;
  const message = "only an owner may change how long the audit log is kept";
  throw new Problem(403, "forbidden", "Forbidden", `You are ${role}: ${message}.`, [
    { field: AUDIT_DAYS_FIELD, message },
  ]);
}
