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
          result.error.issues.flatMap((issue) => {
            const at = fieldPath(issue.path);
            // Name each unexpected key as the field at fault, not the object that holds it.
            if (issue.code === "unrecognized_keys")
              return issue.keys.map((k) => ({ field: at ? `${at}.${k}` : k, message: "unknown field" }));
            return [
              { field: at || (result.target === "json" ? "body" : result.target), message: issue.message },
            ];
          }),
        );
      }
    },
  });
}
