import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const DOCUMENT = "shared/client/openapi.json";

type Schema = { $ref?: string; example?: unknown; examples?: unknown };
type Media = { schema?: Schema; example?: unknown; examples?: unknown };
type Operation = {
  operationId?: string;
  description?: string;
  requestBody?: { content?: Record<string, Media> };
  responses?: Record<string, { content?: Record<string, Media> }>;
};
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
};

const doc = JSON.parse(readFileSync(`${root}${DOCUMENT}`, "utf8")) as Document;

function resolved(schema: Schema | undefined): Schema | undefined {
  const name = schema?.$ref?.replace("#/components/schemas/", "");
  return name ? doc.components?.schemas?.[name] : schema;
}

/** An example a reader sees for this body: on the media type, or on the schema it names. */
function hasExample(media: Media): boolean {
  const schema = resolved(media.schema);
  return [media.example, media.examples, schema?.example, schema?.examples].some((e) => e !== undefined);
}

const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, method, op })),
);

describe("the committed API document", () => {
  it("passes `redocly lint` with the repository's rules: no errors, no warnings", async () => {
    const bin = `${root}node_modules/.bin/redocly`;
    const run = promisify(execFile);
    const result = await run(bin, ["lint", DOCUMENT, "--config", "redocly.yaml", "--format", "json"], {
      cwd: root,
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
      maxBuffer: 16 * 1024 * 1024,
    }).catch((err: { code?: number; stdout?: string; stderr?: string }) => err);
    const report = JSON.parse(String(result.stdout ?? "")) as {
      totals: { errors: number; warnings: number };
      problems: { ruleId: string; message: string; location: { pointer: string }[] }[];
    };
    const found = report.problems.map((p) => `${p.ruleId}: ${p.message} (${p.location[0]?.pointer})`);
    expect(found).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    expect("code" in result ? result.code : 0).toBe(0);
  }, 60_000);

  it("has operations to check", () => {
    expect(operations.length).toBeGreaterThan(50);
  });

  it("gives every operation an id, a description and an example of its request or success body", () => {
    const missing: string[] = [];
    for (const { name, op } of operations) {
      if (!op.operationId) missing.push(`${name}: operationId`);
      if (!op.description?.trim()) missing.push(`${name}: description`);
      const bodies = [
        ...Object.values(op.requestBody?.content ?? {}),
        ...Object.entries(op.responses ?? {})
          .filter(([status]) => status.startsWith("2"))
          .flatMap(([, response]) => Object.values(response.content ?? {})),
      ];
      if (bodies.length && !bodies.some(hasExample)) missing.push(`${name}: example`);
    }
    expect(missing).toEqual([]);
  });

  it("gives every write operation's request body an example", () => {
    const missing = operations
      .filter(({ op }) => op.requestBody)
      .filter(({ op }) => !Object.values(op.requestBody?.content ?? {}).some(hasExample))
      .map(({ name }) => name);
    expect(missing).toEqual([]);
  });
});
