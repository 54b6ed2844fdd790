import type { z } from "@hono/zod-openapi";

/** OpenAPI security for tenant routes: an API key or a user's access token. */
export const tenantSecurity: Record<string, string[]>[] = [{ apiKey: [] }, { session: [] }];

/** A JSON request or response body for `createRoute`. */
export const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });
