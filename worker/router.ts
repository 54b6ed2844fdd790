import { OpenAPIHono } from "@hono/zod-openapi";
import { fieldPath, problems } from "../shared/problems";
import type { AppEnv } from "./context";

/**
 * Every router shares one validation hook, so every zod failure — body, query or path — becomes
 * the same problem+json 400 naming the fields at fault.
 */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        throw problems.validation(
          result.error.issues.map((issue) => ({
            field: fieldPath(issue.path) || (result.target === "json" ? "body" : result.target),
            message: issue.message,
          })),
        );
      }
    },
  });
}
