import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import {
  checkCsv,
  checkJson,
  checkRows,
  chunkKey,
  chunkTasks,
  MAX_PAYLOAD_BYTES,
  MAX_TASKS_PER_REQUEST,
  MAX_UPLOAD_ROWS,
  sendable,
  splitCapabilities,
  type TaskDraft,
} from "../../../dashboard/app/lib/task-rows";

function csv(text: string) {
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: "greedy" });
  return checkCsv({ data: parsed.data, fields: parsed.meta.fields ?? [], errors: parsed.errors });
}

const task = (over: Partial<TaskDraft> = {}): TaskDraft => ({
  impact: 0.5,
  urgency: 0.5,
  risk: 0.1,
  capabilities: [],
  ...over,
});

describe("CSV uploads", () => {
  it("turns valid rows into tasks, splitting capabilities on ; or |", () => {
    const checked = csv(
      [
        "impact,urgency,risk,capabilities,externalId,payload",
        '0.9,0.2,0,summarize;code.review,ext-1,"{""doc"": 1}"',
        "0,1,0.5,general | translate,,",
      ].join("\n"),
    );
    expect(checked.errors).toEqual([]);
    expect(sendable(checked)).toEqual([
      {
        impact: 0.9,
        urgency: 0.2,
        risk: 0,
        capabilities: ["summarize", "code.review"],
        externalId: "ext-1",
        payload: { doc: 1 },
      },
      { impact: 0, urgency: 1, risk: 0.5, capabilities: ["general", "translate"] },
    ]);
  });

  it("names the row and column of every bad cell", () => {
    const checked = csv(
      [
        "impact,urgency,risk,capabilities,payload",
        "1.5,0.5,0.1,general,",
        "0.5,,abc,Bad Cap,{not json}",
        "0.5,0.5,0.5,general,",
      ].join("\n"),
    );
    expect(checked.errors).toEqual([
      { row: 1, column: "impact", message: "must be between 0 and 1" },
      { row: 2, column: "urgency", message: "is required" },
      { row: 2, column: "risk", message: "must be a number" },
      { row: 2, column: "capabilities", message: '"Bad Cap": lowercase letters, digits and . _ : - only' },
      expect.objectContaining({
        row: 2,
        column: "payload",
        message: expect.stringMatching(/^is not valid JSON/),
      }),
    ]);
    expect(checked.tasks.map((t) => t !== null)).toEqual([false, false, true]);
    expect(sendable(checked)).toBeNull();
  });

  it("reports missing and unknown columns once for the file", () => {
    const checked = csv("impact,urgency,capability\n0.5,0.5,general\n0.4,0.4,general");
    const fileErrors = checked.errors.filter((e) => e.row === 0);
    expect(fileErrors).toEqual([
      { row: 0, column: "risk", message: "column is missing from the header" },
      expect.objectContaining({ row: 0, column: "capability" }),
    ]);
    expect(checked.errors.filter((e) => e.column === "risk")).toHaveLength(3);
  });

  it("matches headers without regard to case or spaces", () => {
    const checked = csv(" Impact ,URGENCY,risk,ExternalID,maxattempts\n0.1,0.2,0.3,x,3");
    expect(sendable(checked)).toEqual([
      { impact: 0.1, urgency: 0.2, risk: 0.3, capabilities: [], externalId: "x", maxAttempts: 3 },
    ]);
  });

  it("rejects an empty file and ragged rows", () => {
    expect(csv("impact,urgency,risk\n").errors).toEqual([
      { row: 0, column: "file", message: "The file holds no tasks." },
    ]);
    const ragged = csv("impact,urgency,risk\n0.1,0.2\n");
    expect(ragged.errors.some((e) => e.row === 1 && e.column === "row")).toBe(true);
  });

  it("limits maxAttempts and payload size as the API does", () => {
    const big = JSON.stringify(JSON.stringify({ s: "x".repeat(MAX_PAYLOAD_BYTES) })).replaceAll('\\"', '""');
    const checked = csv(`impact,urgency,risk,maxAttempts,payload\n0.1,0.1,0.1,11,\n0.1,0.1,0.1,2,${big}`);
    expect(checked.errors).toEqual([
      { row: 1, column: "maxAttempts", message: "must be a whole number from 1 to 10" },
      { row: 2, column: "payload", message: `must be at most ${MAX_PAYLOAD_BYTES} bytes of JSON` },
    ]);
  });
});

describe("JSON uploads", () => {
  it("takes an array or { tasks } and keeps payloads as values", () => {
    const list = [{ impact: 0.2, urgency: 0.3, risk: 0.4, capabilities: ["a"], payload: { n: [1, 2] } }];
    expect(sendable(checkJson(JSON.stringify(list)))).toEqual(list);
    expect(sendable(checkJson(JSON.stringify({ tasks: list })))).toEqual(list);
  });

  it("requires numbers in range, non-empty capability strings and known fields", () => {
    const checked = checkJson(
      JSON.stringify([
        { impact: -0.1, urgency: 0.5, risk: 0.5, capabilities: ["", "ok"] },
        { impact: 0.5, urgency: 0.5, risk: 0.5, capabilities: "a|b", extra: true },
        "not a task",
      ]),
    );
    expect(checked.errors).toEqual([
      { row: 1, column: "impact", message: "must be between 0 and 1" },
      { row: 1, column: "capabilities", message: "each capability must be a non-empty string" },
      expect.objectContaining({ row: 2, column: "extra" }),
      { row: 3, column: "row", message: "must be an object of task fields" },
    ]);
  });

  it("explains a file that is not JSON or not a list", () => {
    expect(checkJson("{oops").errors[0]).toMatchObject({ row: 0, column: "file" });
    expect(checkJson('{"items": []}').errors[0]?.message).toMatch(/array of tasks/);
    expect(checkJson("[]").errors[0]?.message).toBe("The file holds no tasks.");
  });

  it("caps the rows of one upload", () => {
    const rows = Array.from({ length: MAX_UPLOAD_ROWS + 1 }, () => ({ impact: 0, urgency: 0, risk: 0 }));
    expect(checkRows(rows, false).errors).toEqual([expect.objectContaining({ row: 0, column: "file" })]);
  });
});

describe("chunks", () => {
  it("splits at the API's per-request maximum, in order", () => {
    const tasks = Array.from({ length: MAX_TASKS_PER_REQUEST * 2 + 5 }, (_, i) =>
      task({ externalId: `t${i}` }),
    );
    const chunks = chunkTasks(tasks);
    expect(chunks.map((c) => c.length)).toEqual([MAX_TASKS_PER_REQUEST, MAX_TASKS_PER_REQUEST, 5]);
    expect(chunks.flat()).toEqual(tasks);
  });

  it("also splits by size, and the same tasks always give the same chunks", () => {
    const tasks = Array.from({ length: 10 }, (_, i) => task({ payload: { i, s: "x".repeat(1000) } }));
    const a = chunkTasks(tasks, 1000, 3500);
    expect(a.map((c) => c.length)).toEqual([3, 3, 3, 1]);
    expect(chunkTasks(tasks, 1000, 3500)).toEqual(a);
  });

  it("derives one stable Idempotency-Key per chunk from the upload's key", () => {
    expect(chunkKey("upl-abc", 0)).toBe("upl-abc.0");
    expect(chunkKey("upl-abc", 2)).toBe(chunkKey("upl-abc", 2));
    expect(chunkKey("upl-abc", 1)).not.toBe(chunkKey("upl-abc", 2));
  });

  it("splits capability cells on either separator", () => {
    expect(splitCapabilities(" a ;b|c;; ")).toEqual(["a", "b", "c"]);
  });
});
