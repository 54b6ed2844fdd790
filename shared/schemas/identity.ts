import { z } from "@hono/zod-openapi";

import { ROLES } from "../roles";

export { ROLES, type Role, roleAtLeast } from "../roles";
export const RoleSchema = z.enum(ROLES).openapi("Role");

export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email("must be an email address"))
  .openapi({ example: "ada@example.com" });

/** At least 12 characters; PBKDF2 input is capped so hashing a huge body cannot burn CPU. */
export const Password = z
  .string()
  .min(12, "must be at least 12 characters")
  .max(256, "must be at most 256 characters")
  .openapi({ format: "password" });

export const UserSchema = z
  .object({
    id: z.string().openapi({ example: "usr_01jd0000000000000000000000" }),
    email: z.string(),
    name: z.string().nullable(),
    role: RoleSchema,
    sso: z.boolean().describe("True when the user has no password and signs in through SSO."),
    createdAt: z.string(),
    lastLoginAt: z.string().nullable(),
  })
  .openapi("User");
export type UserView = z.infer<typeof UserSchema>;

export const TenantSummarySchema = z
  .object({
    id: z.string().openapi({ example: "ten_01jd0000000000000000000000" }),
    name: z.string(),
    slug: z.string(),
  })
  .openapi("TenantSummary");

export const SessionSchema = z
  .object({
    accessToken: z.string().describe("A JWT valid for 15 minutes: `Authorization: Bearer <token>`."),
    tokenType: z.literal("Bearer"),
    expiresIn: z.number().int().describe("Seconds until the access token expires."),
    refreshToken: z
      .string()
      .optional()
      .describe("Present for API callers. Browsers get it as the httpOnly `warden_refresh` cookie instead."),
    refreshExpiresAt: z.string(),
    user: UserSchema,
    tenant: TenantSummarySchema,
  })
  .openapi("Session");
export type Session = z.infer<typeof SessionSchema>;

export const SignupSchema = z
  .strictObject({
    organization: z.string().trim().min(1).max(100).openapi({ example: "Acme Robotics" }),
    email: Email,
    password: Password,
    name: z.string().trim().min(1).max(100).optional(),
  })
  .openapi("Signup");

export const LoginSchema = z
  .strictObject({
    email: Email,
    // Not Password: a login must not reveal the password policy, only whether the pair matches.
    password: z.string().min(1).max(256).openapi({ format: "password" }),
  })
  .openapi("Login");

export const RefreshSchema = z
  .strictObject({
    refreshToken: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe("API callers send it here; browsers send the `warden_refresh` cookie instead."),
  })
  .openapi("Refresh");

export const InvitationCreateSchema = z
  .strictObject({ email: Email, role: RoleSchema })
  .openapi("InvitationCreate");

export const InvitationSchema = z
  .object({
    id: z.string().openapi({ example: "inv_01jd0000000000000000000000" }),
    email: z.string(),
    role: RoleSchema,
    invitedBy: z.string().nullable(),
    createdAt: z.string(),
    expiresAt: z.string(),
  })
  .openapi("Invitation");

export const InvitationAcceptSchema = z
  .strictObject({ password: Password, name: z.string().trim().min(1).max(100).optional() })
  .openapi("InvitationAccept");

export const UserPatchSchema = z.strictObject({ role: RoleSchema }).openapi("UserPatch");
