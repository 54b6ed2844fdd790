import { describe, expect, it } from "vitest";
import { formatRowError, parseTaskFile } from "../../../cli/task-file";

const HEADER = "impact,urgency,risk,capabilities,maxAttempts,externalId,payload";

describe("reading a CSV task file", () => {
  it("turns cells into tasks: numbers, capability lists split on ; or |, JSON payloads", () => {
    const file = parseTaskFile(
      "tasks.csv",
      `${HEADER}\n0.9,0.5,0.1,code;review|ops,2,ext-1,"{""repo"": ""warden""}"\n0.2,0.3,0,,,,\n`,
    );
    expect(file.errors).toEqual([]);
    expect(file.format).toBe("csv");
    expect(file.tasks).toEqual([
      {
        impact: 0.9,
        urgency: 0.5,
        risk: 0.1,
        capabilities: ["code", "review", "ops"],
        maxAttempts: 2,
        externalId: "ext-1",
        payload: { repo: "warden" },
      },
      { impact: 0.2, urgency: 0.3, risk: 0, capabilities: [] },
    ]);
  });

  it("reports every bad row by row and column, and returns no tasks to send", () => {
    const csv = [
      "impact,urgency,risk,capabilities,payload",
      "0.5,0.5,0.1,general,",
      "1.5,0.5,0.1,general,",
      "0.5,soon,0.1,Not A Cap,",
      "0.5,0.5,0.1,general,not json",
    ].join("\n");
    const file = parseTaskFile("tasks.csv", csv);
    expect(file.tasks).toEqual([]);
    expect(file.errors.map(formatRowError)).toEqual([
      "row 2, column impact: must be between 0 and 1",
      "row 3, column urgency: must be a number",
      'row 3, column capabilities: "Not A Cap": lowercase letters, digits and . _ : - only',
      expect.stringMatching(/^row 4, column payload: is not valid JSON/),
    ]);
  });

  it("names a missing required column and an unknown one once, in the header", () => {
    const file = parseTaskFile("tasks.csv", "impact,urgency,priority\n0.5,0.5,high\n");
    expect(file.errors.map(formatRowError)).toEqual([
      "header, column risk: column is missing from the header row",
      "header, column priority: unknown column (expected impact, urgency, risk, capabilities, externalId, payload, maxAttempts)",
      "row 1, column risk: is required",
    ]);
  });

  it("refuses a row whose cell count does not match the header", () => {
    const file = parseTaskFile("tasks.csv", "impact,urgency,risk\n0.5,0.5,0.1\n0.5,0.5\n");
    expect(file.errors.map(formatRowError)).toContain("row 2, column row: has 2 cells but the header has 3");
  });

  it("accepts header names in any case, a byte-order mark and Windows line ends", () => {
    const file = parseTaskFile("t.csv", "\uFEFFImpact,URGENCY,Risk,maxattempts\r\n0.5,0.5,0.25,3\r\n");
    expect(file.errors).toEqual([]);
    expect(file.tasks).toEqual([{ impact: 0.5, urgency: 0.5, risk: 0.25, capabilities: [], maxAttempts: 3 }]);
  });

  it("reports broken CSV quoting as a file error instead of throwing", () => {
    const file = parseTaskFile("t.csv", 'impact,urgency,risk\n"0.5,0.5,0.1\n');
    expect(file.errors).toHaveLength(1);
    expect(formatRowError(file.errors[0]!)).toMatch(/^file: is not valid CSV/);
  });

  it("refuses an empty file", () => {
    expect(parseTaskFile("t.csv", `${HEADER}\n`).errors.map(formatRowError)).toEqual([
      "file: holds no tasks",
    ]);
  });
});

describe("reading a JSON task file", () => {
  it("takes an array of tasks or the API's { tasks: [...] } body", () => {
    const tasks = [{ impact: 1, urgency: 0, risk: 0.5, capabilities: ["general"], payload: [1, 2] }];
    for (const text of [JSON.stringify(tasks), JSON.stringify({ tasks })]) {
      const file = parseTaskFile("tasks.json", text);
      expect(file.errors).toEqual([]);
      expect(file.format).toBe("json");
      expect(file.tasks).toEqual(tasks);
    }
  });

  it("checks each row with the API's schema and names the row and field", () => {
    const file = parseTaskFile(
      "tasks.json",
      JSON.stringify([
        { impact: 0.5, urgency: 0.5, risk: 0.1 },
        { impact: 0.5, urgency: 0.5, risk: 0.1, maxAttempts: 11, colour: "blue" },
        "not a task",
        { impact: 0.5, urgency: 0.5, risk: 0.1, payload: { blob: "x".repeat(70_000) } },
      ]),
    );
    expect(file.tasks).toEqual([]);
    expect(file.errors.map(formatRowError)).toEqual([
      "row 2, column colour: unknown field (expected impact, urgency, risk, capabilities, externalId, payload, maxAttempts)",
      "row 2, column maxAttempts: must be a whole number from 1 to 10",
      "row 3, column row: must be an object of task fields",
      "row 4, column payload: must be at most 65536 bytes of JSON",
    ]);
  });

  it("says when the file is not JSON or not a list of tasks", () => {
    expect(parseTaskFile("t.json", "{ nope").errors[0]?.message).toMatch(/not valid JSON/);
    expect(parseTaskFile("t.json", '{"items": []}').errors[0]?.message).toBe(
      "Expected an array of tasks or an object with a tasks array.",
    );
  });

  it("tells JSON from CSV by content when the name has no known extension", () => {
    expect(parseTaskFile("tasks.txt", '[{"impact":0,"urgency":0,"risk":0}]').format).toBe("json");
    expect(parseTaskFile("tasks.txt", "impact,urgency,risk\n0,0,0\n").format).toBe("csv");
  });
});
