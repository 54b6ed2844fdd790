import { z } from "@hono/zod-openapi";

/** A number in [0, 1]: impact, urgency, risk, rates, trust. */
export const Unit = z.number().min(0).max(1);

/** A capability tag such as `summarize` or `code.review`. */
export const Capability = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._:-]*$/, "lowercase letters, digits and . _ : - only")
  .openapi({ example: "summarize" });

export const Capabilities = z.array(Capability).max(32);

export const Reason = z.string().trim().min(1, "a reason is required").max(500);

export const Timestamp = z.string().openapi({ format: "date-time", example: "2026-11-22T10:00:00.000Z" });

export const ListQuery = z.object({
  cursor: z
    .string()
    .max(200)
    .optional()
    .openapi({ description: "Opaque cursor from a previous page's nextCursor." }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export function idParam(prefix: string) {
  return z.object({
    id: z
      .string()
      .regex(new RegExp(`^${prefix}_[0-9a-hjkmnp-tv-z]{26}$`), `must be a ${prefix}_ id`)
      .openapi({ param: { name: "id", in: "path" }, example: `${prefix}_01jd0000000000000000000000` }),
  });
}
