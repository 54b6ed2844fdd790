/**
 * Roles in increasing power: each role can do everything the ones before it can. Kept free of
 * zod so the dashboard's browser code can use it without shipping the schema library.
 */
export const ROLES = ["viewer", "operator", "admin", "owner"] as const;
export type Role = (typeof ROLES)[number];

export function roleAtLeast(role: Role, required: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(required);
}
