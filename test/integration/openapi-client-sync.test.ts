import { describe, expect, it } from "vitest";
import committed from "../../shared/client/openapi.json";
import { api } from "../helpers/api";

/** Where two JSON values differ, as paths such as `paths./tasks.post.responses.202`, at most `max`. */
function differences(served: unknown, saved: unknown, path = "", max = 20, out: string[] = []): string[] {
  if (out.length >= max) return out;
  if (typeof served !== "object" || typeof saved !== "object" || served === null || saved === null) {
    if (!Object.is(served, saved))
      out.push(`${path || "(root)"}: served ${JSON.stringify(served)?.slice(0, 80)}`);
    return out;
  }
  if (Array.isArray(served) !== Array.isArray(saved)) {
    out.push(`${path}: array vs object`);
    return out;
  }
  const keys = new Set([...Object.keys(served), ...Object.keys(saved)]);
  for (const key of keys) {
    const a = (served as Record<string, unknown>)[key];
    const b = (saved as Record<string, unknown>)[key];
    const at = path ? `${path}.${key}` : key;
    if (a === undefined && b !== undefined) out.push(`${at}: no longer served`);
    else if (b === undefined && a !== undefined) out.push(`${at}: served but not in the committed document`);
    else differences(a, b, at, max, out);
    if (out.length >= max) break;
  }
  return out;
}

describe("the typed client's API document", () => {
  it("is exactly what the Worker serves at /api/v1/openapi.json", async () => {
    const res = await api("/api/v1/openapi.json");
    expect(res.status).toBe(200);
    // A plain list of paths reads better than a diff of a 300 KB document.
    expect(
      differences(res.body, committed),
      "shared/client/openapi.json is out of date: run npm run client:generate",
    ).toEqual([]);
    expect(res.body).toStrictEqual(committed);
  });
});
