import { z } from "@hono/zod-openapi";

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .openapi("Problem");

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ProblemSchema } },
});

/** The error responses every authenticated route can give. */
export const ProblemResponses = {
  400: problem("Invalid request: `errors[]` names each field at fault"),
  401: problem("Missing, unknown or malformed credentials"),
  403: problem("The key lacks the scope this route needs"),
  404: problem("Not found (including another tenant's resources)"),
  409: problem("Conflict"),
  413: problem("Payload too large (including a batch larger than the rate limit's burst)"),
  429: problem("Rate limit exceeded: retry after `Retry-After` seconds (see the `RateLimit-*` headers)"),
} as const;
