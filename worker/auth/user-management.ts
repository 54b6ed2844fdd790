import { problems } from "../../shared/problems";
import { type Role, roleAtLeast } from "../../shared/schemas/identity";
import type { Principal } from "../context";

/** An API key with the `admin` scope acts with the admin role; users act with their own. */
export function actingRole(principal: Principal): Role {
  return principal.kind === "user" ? principal.role : "admin";
}

/**
 * Nobody can act on someone above them or grant more than they hold: admins manage viewers,
 * operators and admins; only an owner can make (or unmake) another owner.
 */
export function assertCanManage(actor: Role, targetRole: Role, newRole?: Role): void {
  if (!roleAtLeast(actor, targetRole))
    throw problems.forbidden(`You are ${actor}; only an owner can change an ${targetRole}.`);
  if (newRole && !roleAtLeast(actor, newRole))
    throw problems.forbidden(`You are ${actor}; you cannot grant the ${newRole} role.`);
}
