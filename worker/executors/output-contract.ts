import { dereference, type OutputUnit, type Schema, Validator } from "@cfworker/json-schema";
import { OUTPUT_SCHEMA_META } from "./output-schema-meta";

/**
 * An llm agent's output contract: the completion, read as JSON, must satisfy the agent's JSON
 * Schema. Validation is interpreted (@cfworker/json-schema), not compiled to code, because
 * workerd forbids `eval` and `new Function`.
 */

const DRAFT = "2020-12";
const MAX_DETAIL = 200;

export type ContractResult = { ok: true; value: unknown } | { ok: false; detail: string };

/** A fenced block, as models like to wrap JSON in: ```json … ``` (the language tag is optional). */
const FENCED = /```[ \t]*(?:json)?[ \t]*\r?\n([\s\S]*?)```/i;

function parse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** The completion as JSON: the whole text, or else the first fenced block in it. */
export function extractJson(completion: string): { ok: true; value: unknown } | { ok: false } {
  const whole = parse(completion.trim());
  if (whole.ok) return whole;
  const fenced = FENCED.exec(completion)?.[1];
  return fenced === undefined ? { ok: false } : parse(fenced.trim());
}

function clip(text: string): string {
  return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL - 1)}…` : text;
}

/**
 * The error to show: with short-circuiting the validator lists a chain from the root keyword
 * ("a subschema had errors") down to the cause, so the last entry is the one that says what is wrong.
 */
function describe(errors: OutputUnit[]): string {
  const cause = errors.at(-1);
  if (!cause) return "does not match the output schema";
  const where = cause.instanceLocation === "#" ? "" : `${cause.instanceLocation.slice(1)}: `;
  return `${where}${cause.error}`;
}

/** Checks a completion against an output schema (one already accepted by {@link outputSchemaProblem}). */
export function checkOutput(completion: string, outputSchema: Record<string, unknown>): ContractResult {
  const json = extractJson(completion);
  if (!json.ok) return { ok: false, detail: "output is not JSON" };
  try {
    const result = new Validator(structuredClone(outputSchema) as Schema, DRAFT).validate(json.value);
    return result.valid
      ? { ok: true, value: json.value }
      : { ok: false, detail: clip(`output does not match the schema: ${describe(result.errors)}`) };
  } catch {
    // Only a schema the save-time check let through could get here; the output is still unchecked.
    return { ok: false, detail: "output schema could not be applied" };
  }
}

/** Every `$ref` the validator resolved must point into the schema itself: nothing is fetched. */
function unresolvedRef(
  node: unknown,
  lookup: Record<string, unknown>,
  seen = new Set<object>(),
): string | null {
  if (node === null || typeof node !== "object" || seen.has(node)) return null;
  seen.add(node);
  const absolute = (node as { __absolute_ref__?: unknown }).__absolute_ref__;
  if (typeof absolute === "string" && lookup[absolute] === undefined) {
    return String((node as { $ref?: unknown }).$ref);
  }
  for (const child of Object.values(node)) {
    const found = unresolvedRef(child, lookup, seen);
    if (found !== null) return found;
  }
  return null;
}

/**
 * Why an output schema cannot be used, or null when it can: keyword values of the wrong type, a
 * `pattern` that is not a regular expression, or a `$ref` that does not resolve within the schema.
 */
export function outputSchemaProblem(outputSchema: Record<string, unknown>): string | null {
  const shape = new Validator(OUTPUT_SCHEMA_META as Schema, DRAFT).validate(outputSchema);
  if (!shape.valid) return clip(`not a valid JSON Schema: ${describe(shape.errors)}`);
  try {
    const copy = structuredClone(outputSchema) as Schema;
    const missing = unresolvedRef(copy, dereference(copy));
    return missing === null ? null : clip(`not a valid JSON Schema: $ref "${missing}" does not resolve`);
  } catch (err) {
    return clip(`not a valid JSON Schema: ${err instanceof Error ? err.message : "unreadable"}`);
  }
}
