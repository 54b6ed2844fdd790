import { describe, expect, it } from "vitest";
import { planBatches } from "../../../cli/batches";
import { parseTaskFile } from "../../../cli/task-file";

function csv(rows: number, impact = 0.5): string {
  const lines = ["impact,urgency,risk,externalId"];
  for (let i = 0; i < rows; i++) lines.push(`${impact},0.5,0.1,ext-${i}`);
  return `${lines.join("\n")}\n`;
}

describe("batches of a task file", () => {
  it("are at most 1,000 tasks each, in file order", () => {
    const file = parseTaskFile("t.csv", csv(2_500));
    const batches = planBatches(file.tasks, file.contentHash);
    expect(batches.map((b) => b.tasks.length)).toEqual([1000, 1000, 500]);
    expect(batches.flatMap((b) => b.tasks.map((t) => t.externalId))).toEqual(
      file.tasks.map((t) => t.externalId),
    );
  });

  it("have idempotency keys that are the same on every run of the same file", () => {
    const first = parseTaskFile("t.csv", csv(1_500));
    const again = parseTaskFile("renamed.csv", csv(1_500));
    const keys = planBatches(first.tasks, first.contentHash).map((b) => b.idempotencyKey);
    expect(planBatches(again.tasks, again.contentHash).map((b) => b.idempotencyKey)).toEqual(keys);
    expect(new Set(keys).size).toBe(2);
    // The API takes printable ASCII without spaces, up to 255 characters.
    for (const key of keys) expect(key).toMatch(/^[\x21-\x7e]{1,255}$/);
  });

  it("get new idempotency keys when the file's content changes", () => {
    const before = parseTaskFile("t.csv", csv(10, 0.5));
    const after = parseTaskFile("t.csv", csv(10, 0.6));
    expect(planBatches(after.tasks, after.contentHash)[0]?.idempotencyKey).not.toBe(
      planBatches(before.tasks, before.contentHash)[0]?.idempotencyKey,
    );
  });

  it("split by size too, so a request stays far below the API's body limit", () => {
    const big = {
      impact: 0.5,
      urgency: 0.5,
      risk: 0,
      capabilities: [],
      payload: { text: "x".repeat(60_000) },
    };
    const batches = planBatches(
      Array.from({ length: 300 }, () => big),
      "f".repeat(64),
    );
    expect(batches.length).toBeGreaterThan(1);
    for (const b of batches) expect(JSON.stringify({ tasks: b.tasks }).length).toBeLessThan(16 * 1024 * 1024);
  });
});
