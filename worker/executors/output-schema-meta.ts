/**
 * The shape an agent's output contract must have: the JSON Schema 2020-12 keywords the validator
 * applies, each with the type of value it takes, subschemas checked recursively. The official
 * meta-schemas are split across vocabularies and fetched by URL, which a Worker must not do on a
 * save; this one is self-contained and strict exactly where a wrong value would make validation
 * throw or silently check nothing (a `type` that is no type, a `pattern` that is no regex).
 * Unknown keywords stay allowed, as the specification wants.
 */
const schema = { $ref: "#/$defs/schema" };
const schemaArray = { $ref: "#/$defs/schemaArray" };
const schemaMap = { $ref: "#/$defs/schemaMap" };
const nonNegativeInteger = { type: "integer", minimum: 0 };
const number = { type: "number" };
const string = { type: "string" };
const stringArray = { type: "array", items: string, uniqueItems: true };
const simpleType = { enum: ["array", "boolean", "integer", "null", "number", "object", "string"] };

export const OUTPUT_SCHEMA_META = {
  $ref: "#/$defs/schema",
  $defs: {
    schemaArray: { type: "array", minItems: 1, items: schema },
    schemaMap: { type: "object", additionalProperties: schema },
    schema: {
      type: ["object", "boolean"],
      properties: {
        $schema: string,
        $id: string,
        $ref: string,
        $anchor: string,
        $comment: string,
        title: string,
        description: string,
        $defs: schemaMap,
        definitions: schemaMap,
        properties: schemaMap,
        patternProperties: {
          type: "object",
          propertyNames: { format: "regex" },
          additionalProperties: schema,
        },
        dependentSchemas: schemaMap,
        dependentRequired: { type: "object", additionalProperties: stringArray },
        additionalProperties: schema,
        unevaluatedProperties: schema,
        propertyNames: schema,
        items: { anyOf: [schema, schemaArray] },
        prefixItems: schemaArray,
        additionalItems: schema,
        unevaluatedItems: schema,
        contains: schema,
        allOf: schemaArray,
        anyOf: schemaArray,
        oneOf: schemaArray,
        not: schema,
        if: schema,
        // biome-ignore lint/suspicious/noThenProperty: `then` is a JSON Schema keyword; this object is never awaited.
        then: schema,
        else: schema,
        type: {
          anyOf: [simpleType, { type: "array", items: simpleType, minItems: 1, uniqueItems: true }],
        },
        enum: { type: "array" },
        required: stringArray,
        multipleOf: { type: "number", exclusiveMinimum: 0 },
        maximum: number,
        minimum: number,
        exclusiveMaximum: number,
        exclusiveMinimum: number,
        maxLength: nonNegativeInteger,
        minLength: nonNegativeInteger,
        pattern: { type: "string", format: "regex" },
        format: string,
        maxItems: nonNegativeInteger,
        minItems: nonNegativeInteger,
        uniqueItems: { type: "boolean" },
        maxContains: nonNegativeInteger,
        minContains: nonNegativeInteger,
        maxProperties: nonNegativeInteger,
        minProperties: nonNegativeInteger,
      },
    },
  },
};
