import type { ActionResult } from "../problem-notice";

/**
 * The API's message for a field, matching nested paths too (`allowedDomains[2]`,
 * `settings.rateLimits.perKey.burst`), so it shows beside the input that produced it.
 */
export function fieldMessage(result: ActionResult | undefined, field: string): string | undefined {
  return result?.problem?.errors?.find(
    (e) => e.field === field || e.field.startsWith(`${field}.`) || e.field.startsWith(`${field}[`),
  )?.message;
}
