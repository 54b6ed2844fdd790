import type { ActionResult } from "../problem-notice";

/**
 * The API's message for a field or anything inside it: `capabilities` also covers
 * `capabilities[2]`, `simulation` covers `simulation.successRate`.
 */
export function errorFor(result: ActionResult | undefined, field: string): string | undefined {
  return result?.problem?.errors?.find(
    (e) => e.field === field || e.field.startsWith(`${field}.`) || e.field.startsWith(`${field}[`),
  )?.message;
}
