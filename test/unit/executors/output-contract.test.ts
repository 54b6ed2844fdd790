import { describe, expect, it } from "vitest";
import { checkOutput, extractJson, outputSchemaProblem } from "../../../worker/executors/output-contract";

const schema = {
  type: "object",
  required: ["answer", "confidence"],
  properties: {
    answer: { enum: ["yes", "no"] },
    confidence: { type: "number", minimum: 0, maximum: 1 },
    notes: { type: "array", items: { type: "string" } },
  },
};

describe("extractJson", () => {
  it("reads the whole completion, surrounding whitespace allowed", () => {
    expect(extractJson('  {"a": 1}\n')).toEqual({ ok: true, value: { a: 1 } });
    expect(extractJson("42")).toEqual({ ok: true, value: 42 });
  });

  it("reads the first fenced block when the text around it is prose", () => {
    const text = 'Sure! Here it is:\n```json\n{"a": [1, 2]}\n```\nand another:\n```json\n{"b": 2}\n```';
    expect(extractJson(text)).toEqual({ ok: true, value: { a: [1, 2] } });
    expect(extractJson('```\n{"a": 1}\n```')).toEqual({ ok: true, value: { a: 1 } });
    expect(extractJson('```JSON\r\n{"a": 1}\r\n```')).toEqual({ ok: true, value: { a: 1 } });
  });

  it("refuses prose and broken JSON", () => {
    expect(extractJson("The answer is yes.")).toEqual({ ok: false });
    expect(extractJson('```json\n{"a": \n```')).toEqual({ ok: false });
  });
});

describe("checkOutput", () => {
  it("accepts output that meets the contract", () => {
    expect(checkOutput('{"answer": "yes", "confidence": 0.8, "notes": ["ok"]}', schema)).toEqual({
      ok: true,
      value: { answer: "yes", confidence: 0.8, notes: ["ok"] },
    });
  });

  it("names the first error, where it is and what is wrong", () => {
    expect(checkOutput('{"answer": "yes"}', schema)).toEqual({
      ok: false,
      detail: 'output does not match the schema: Instance does not have required property "confidence".',
    });
    const deep = checkOutput('{"answer": "yes", "confidence": 0.5, "notes": ["a", 3]}', schema);
    expect(deep).toEqual({
      ok: false,
      detail:
        'output does not match the schema: /notes/1: Instance type "number" is invalid. Expected "string".',
    });
    const range = checkOutput('{"answer": "maybe", "confidence": 2}', schema);
    expect(range.ok).toBe(false);
    expect(!range.ok && range.detail).toMatch(/^output does not match the schema: \/answer: /);
  });

  it("says when the output is not JSON at all", () => {
    expect(checkOutput("yes, with confidence 0.8", schema)).toEqual({
      ok: false,
      detail: "output is not JSON",
    });
  });

  it("keeps the detail short", () => {
    const long = { type: "object", properties: { ["k".repeat(500)]: { type: "string" } } };
    const result = checkOutput(JSON.stringify({ ["k".repeat(500)]: 1 }), long);
    expect(!result.ok && result.detail.length).toBeLessThanOrEqual(200);
  });

  it("leaves the agent's schema as it was (validation must not write into it)", () => {
    const refs = { $defs: { s: { type: "string" } }, properties: { a: { $ref: "#/$defs/s" } } };
    const before = JSON.stringify(refs);
    expect(checkOutput('{"a": 1}', refs).ok).toBe(false);
    expect(checkOutput('{"a": "x"}', refs).ok).toBe(true);
    expect(JSON.stringify(refs)).toBe(before);
    expect(Object.getOwnPropertyNames(refs.properties.a)).toEqual(["$ref"]);
  });
});

describe("outputSchemaProblem", () => {
  it("accepts ordinary schemas, local $refs, unknown keywords and boolean subschemas", () => {
    expect(outputSchemaProblem(schema)).toBeNull();
    expect(
      outputSchemaProblem({ $defs: { n: { type: "integer" } }, items: { $ref: "#/$defs/n" } }),
    ).toBeNull();
    expect(
      outputSchemaProblem({ type: ["string", "null"], "x-note": 1, additionalProperties: false }),
    ).toBeNull();
    expect(outputSchemaProblem({ properties: { a: true } })).toBeNull();
  });

  it.each([
    [{ type: "strin" }, "/type"],
    [{ type: [] }, "/type"],
    [{ required: "answer" }, "/required"],
    [{ minLength: -1 }, "/minLength"],
    [{ pattern: "(" }, "/pattern"],
    [{ patternProperties: { "[": {} } }, "/patternProperties"],
    [{ properties: { a: { type: 3 } } }, "/properties/a/type"],
    [{ anyOf: [] }, "/anyOf"],
    [{ multipleOf: 0 }, "/multipleOf"],
  ])("refuses %j, naming %s", (bad, where) => {
    expect(outputSchemaProblem(bad)).toMatch(new RegExp(`^not a valid JSON Schema: ${where}`));
  });

  it("refuses a $ref that does not resolve inside the schema (nothing is fetched)", () => {
    expect(outputSchemaProblem({ $ref: "#/$defs/missing" })).toBe(
      'not a valid JSON Schema: $ref "#/$defs/missing" does not resolve',
    );
    expect(outputSchemaProblem({ $ref: "https://example.com/schema.json" })).toMatch(/does not resolve/);
  });
});
