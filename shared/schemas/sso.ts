import { z } from "@hono/zod-openapi";
import { Email } from "./identity";

/** SSO never provisions owners: ownership is handed over deliberately, not by an identity provider. */
export const SSO_ROLES = ["viewer", "operator", "admin"] as const;
export const SsoRoleSchema = z.enum(SSO_ROLES);
export type SsoRole = z.infer<typeof SsoRoleSchema>;

const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export const Domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(DOMAIN, "must be a domain name such as example.com")
  .openapi({ example: "acme.example" });

/**
 * An OIDC issuer identifier: an absolute http(s) URL without query, fragment or credentials
 * (OIDC Discovery §2). Whether plain http is acceptable depends on the environment and is checked
 * by the route.
 */
export const Issuer = z
  .string()
  .trim()
  .max(2000)
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: "custom", message: "must be an absolute URL" });
      return;
    }
    if (url.protocol !== "https:" && url.protocol !== "http:")
      ctx.addIssue({ code: "custom", message: "must be an https URL" });
    else if (url.search || url.hash || value.includes("#") || url.username || url.password)
      ctx.addIssue({ code: "custom", message: "must not contain a query, fragment or credentials" });
  })
  .openapi({ example: "https://login.acme.example" });

export const SsoConnectionInputSchema = z
  .strictObject({
    issuer: Issuer,
    clientId: z.string().trim().min(1).max(255),
    clientSecret: z
      .string()
      .min(1)
      .max(1024)
      .optional()
      .describe("Required when creating the connection; omit it to keep the stored secret."),
    allowedDomains: z
      .array(Domain)
      .min(1, "at least one domain is required")
      .max(50)
      .transform((domains) => [...new Set(domains)])
      .describe("Only users whose email is at one of these domains may sign in."),
    defaultRole: SsoRoleSchema.default("viewer").describe(
      "The role given to users created at first sign-in.",
    ),
  })
  .openapi("SsoConnectionInput");
export type SsoConnectionInput = z.infer<typeof SsoConnectionInputSchema>;

export const SsoConnectionSchema = z
  .object({
    issuer: z.string(),
    clientId: z.string(),
    clientSecretSet: z.literal(true),
    clientSecretLast4: z
      .string()
      .nullable()
      .describe("The secret's last four characters, to tell secrets apart; null for short secrets."),
    allowedDomains: z.array(z.string()),
    defaultRole: SsoRoleSchema,
    redirectUri: z.string().describe("Register this redirect URI with the identity provider."),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("SsoConnection");
export type SsoConnectionView = z.infer<typeof SsoConnectionSchema>;

export const SsoStartQuerySchema = z
  .object({
    tenant: z.string().trim().min(1).max(100).optional().openapi({ description: "The organization's slug." }),
    email: Email.optional().openapi({
      description: "Or the user's email: its domain picks the organization.",
    }),
    returnTo: z.string().max(2000).optional().openapi({
      description:
        "A dashboard URL to return to after signing in, with a one-time `code` for POST /auth/sso/exchange.",
    }),
  })
  .superRefine((q, ctx) => {
    if (!q.tenant === !q.email)
      ctx.addIssue({ code: "custom", path: ["tenant"], message: "give exactly one of tenant or email" });
  });

export const SsoCallbackQuerySchema = z.object({
  state: z.string().max(200).optional(),
  code: z.string().max(4096).optional(),
  iss: z.string().max(2000).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(1000).optional(),
});
