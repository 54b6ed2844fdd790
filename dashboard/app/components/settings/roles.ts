import { ROLES, type Role, roleAtLeast } from "../../../../shared/roles";

/** The roles someone may grant: never one above their own (the API refuses it too). */
export function grantableRoles(mine: Role): Role[] {
  return ROLES.filter((r) => roleAtLeast(mine, r));
}

export const ROLE_HELP: Record<Role, string> = {
  viewer: "sees everything, changes nothing",
  operator: "manages agents and tasks",
  admin: "also users, keys, SSO, webhooks, audit and configuration",
  owner: "also deletes the organization and grants ownership",
};
