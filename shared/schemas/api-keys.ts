import { z } from "@hono/zod-openapi";

export const SCOPES = [
  "tasks:read",
  "tasks:write",
  "agents:read",
  "agents:write",
  "events:read",
  "admin",
] as const;
export const ScopeSchema = z.enum(SCOPES).openapi("Scope");
export type Scope = z.infer<typeof ScopeSchema>;

/** A rotated key keeps working this long unless the caller asks for another grace period. */
export const DEFAULT_ROTATION_GRACE_S = 24 * 3600;
export const MAX_ROTATION_GRACE_S = 7 * 24 * 3600;

export const ApiKeyCreateSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    scopes: z.array(ScopeSchema).min(1, "at least one scope is required").max(SCOPES.length),
    expiresAt: z.iso
      .datetime({ offset: true, message: "must be an ISO 8601 date-time" })
      .refine((v) => Date.parse(v) > Date.now(), "must be in the future")
      .optional(),
  })
  .openapi("ApiKeyCreate");

export const ApiKeyRotateSchema = z
  .strictObject({
    gracePeriodSeconds: z
      .number()
      .int()
      .min(0)
      .max(MAX_ROTATION_GRACE_S)
      .default(DEFAULT_ROTATION_GRACE_S)
      .describe("How long the old key keeps working (default 24 h, at most 7 days; 0 ends it now)."),
  })
  .openapi("ApiKeyRotate");

export const ApiKeySchema = z
  .object({
    id: z.string().openapi({ example: "key_01jd0000000000000000000000" }),
    name: z.string(),
    prefix: z.string().describe("The key's first characters, to tell keys apart."),
    scopes: z.array(ScopeSchema),
    status: z.enum(["active", "expiring", "expired", "revoked"]),
    createdAt: z.string(),
    createdBy: z.string().nullable(),
    lastUsedAt: z.string().nullable().describe("Updated at most once a minute."),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    rotatedFrom: z.string().nullable(),
    rotatedAt: z.string().nullable(),
  })
  .openapi("ApiKey");
export type ApiKeyView = z.infer<typeof ApiKeySchema>;
