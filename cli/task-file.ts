import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { parse } from "csv-parse/sync";
// The dashboard's upload rules (pure, no browser APIs): CSV cells and JSON rows are read the same
// way in both places, so a file the dashboard accepts, the CLI accepts too.
import {
  checkRow,
  columnOf,
  type RawRow,
  type RowError,
  rowsFromJson,
  unknownColumns,
} from "../dashboard/app/lib/task-rows";
import { type TaskInput, TaskInputSchema } from "../shared/schemas/tasks";

export type { RowError };

export interface TaskFile {
  format: "csv" | "json";
  /** The tasks to send, in file order; empty unless every row is valid. */
  tasks: TaskInput[];
  /** Every problem found, file-level ones (row 0) first. */
  errors: RowError[];
  /** SHA-256 of the file's bytes: the root of its batches' idempotency keys. */
  contentHash: string;
}

const REQUIRED = ["impact", "urgency", "risk"] as const;

function formatOf(name: string, text: string): "csv" | "json" {
  const ext = extname(name).toLowerCase();
  if (ext === ".json") return "json";
  if (ext === ".csv") return "csv";
  return /^\s*[[{]/.test(text) ? "json" : "csv";
}

function csvRows(text: string): { rows: RawRow[]; errors: RowError[] } {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true });
  } catch (err) {
    return {
      rows: [],
      errors: [{ row: 0, column: "file", message: `is not valid CSV: ${(err as Error).message}` }],
    };
  }
  const [header = [], ...data] = records;
  const errors: RowError[] = [
    ...REQUIRED.filter((c) => !header.some((h) => columnOf(h) === c)).map((c) => ({
      row: 0,
      column: c,
      message: "column is missing from the header row",
    })),
    ...unknownColumns(header),
  ];
  const rows = data.map((cells, i) => {
    if (cells.length !== header.length)
      errors.push({
        row: i + 1,
        column: "row",
        message: `has ${cells.length} cells but the header has ${header.length}`,
      });
    const row: RawRow = {};
    header.forEach((h, j) => {
      if (columnOf(h)) row[h] = cells[j];
    });
    return row;
  });
  return { rows, errors };
}

/**
 * The rows checked twice: by the dashboard's rules (which also turn CSV text into numbers, lists
 * and JSON payloads), then by the API's own TaskInputSchema, so nothing the API would refuse is sent.
 */
function checkAll(rows: unknown[], fromText: boolean): { tasks: TaskInput[]; errors: RowError[] } {
  const tasks: TaskInput[] = [];
  const errors: RowError[] = [];
  rows.forEach((raw, i) => {
    const row = i + 1;
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
      errors.push({ row, column: "row", message: "must be an object of task fields" });
      return;
    }
    const checked = checkRow(raw as RawRow, row, fromText);
    if (!checked.task) {
      errors.push(...checked.errors);
      return;
    }
    const parsed = TaskInputSchema.safeParse(checked.task);
    if (parsed.success) tasks.push(parsed.data);
    else
      for (const issue of parsed.error.issues)
        errors.push({ row, column: String(issue.path[0] ?? "row"), message: issue.message });
  });
  return { tasks, errors };
}

/** Reads a task file's text: CSV with a header row, or JSON (an array, or `{ "tasks": [...] }`). */
export function parseTaskFile(name: string, content: string | Uint8Array): TaskFile {
  const contentHash = createHash("sha256").update(content).digest("hex");
  const text = (typeof content === "string" ? content : new TextDecoder().decode(content)).replace(
    /^\uFEFF/,
    "",
  );
  const format = formatOf(name, text);
  let rows: unknown[];
  const fileErrors: RowError[] = [];
  if (format === "json") {
    const read = rowsFromJson(text);
    if ("error" in read)
      return { format, tasks: [], errors: [{ row: 0, column: "file", message: read.error }], contentHash };
    rows = read.rows;
  } else {
    const read = csvRows(text);
    rows = read.rows;
    fileErrors.push(...read.errors);
  }
  if (rows.length === 0 && fileErrors.length === 0)
    fileErrors.push({ row: 0, column: "file", message: "holds no tasks" });
  const checked = checkAll(rows, format === "csv");
  const errors = [...fileErrors, ...checked.errors].sort((a, b) => a.row - b.row);
  return { format, tasks: errors.length ? [] : checked.tasks, errors, contentHash };
}

export function readTaskFile(path: string): TaskFile {
  return parseTaskFile(path, readFileSync(path));
}

/** `row 3, column impact: must be between 0 and 1`; file-level problems name the file or header. */
export function formatRowError(e: RowError): string {
  if (e.row > 0) return `row ${e.row}, column ${e.column}: ${e.message}`;
  return e.column === "file" ? `file: ${e.message}` : `header, column ${e.column}: ${e.message}`;
}
