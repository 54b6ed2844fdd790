import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderClientSchema } from "../../../scripts/lib/client-schema.mjs";

const dir = new URL("../../../shared/client/", import.meta.url);

describe("the typed client's types", () => {
  it("are what openapi-typescript renders from the committed API document", async () => {
    const rendered = await renderClientSchema(readFileSync(new URL("openapi.json", dir), "utf8"));
    const committed = readFileSync(new URL("schema.d.ts", dir), "utf8");
    // Compared as booleans first: a diff of a 300 KB file helps nobody; the fix is one command.
    expect(
      rendered === committed,
      "shared/client/schema.d.ts does not match shared/client/openapi.json: run npm run client:generate",
    ).toBe(true);
  });
});
