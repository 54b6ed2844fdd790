/**
 * Rows of a batch upload (CSV or JSON), checked in the browser before anything is sent, with the
 * same limits the API enforces (shared/schemas/tasks.ts, common.ts). Values are mirrored rather
 * than imported: the schemas pull zod into the browser bundle. All pure.
 */

/** `POST /tasks/batch` accepts at most this many tasks per request. */
export const MAX_TASKS_PER_REQUEST = 1000;
/** A task's payload, serialised, may be at most 64 KiB. */
export const MAX_PAYLOAD_BYTES = 64 * 1024;
/** The API refuses batch bodies over 16 MiB; chunks stay well under it. */
export const MAX_CHUNK_BYTES = 8 * 1024 * 1024;
/** One upload is sent through the dashboard's server in one request: keep it bounded. */
export const MAX_UPLOAD_ROWS = 10_000;
export const MAX_CAPABILITIES = 32;
export const MAX_EXTERNAL_ID = 200;

const CAPABILITY = /^[a-z0-9][a-z0-9._:-]*$/;
const UNITS = ["impact", "urgency", "risk"] as const;
export const COLUMNS = [
  "impact",
  "urgency",
  "risk",
  "capabilities",
  "externalId",
  "payload",
  "maxAttempts",
] as const;
type Column = (typeof COLUMNS)[number];

/** What `POST /tasks/batch` takes for one task. */
export interface TaskDraft {
  impact: number;
  urgency: number;
  risk: number;
  capabilities: string[];
  externalId?: string;
  payload?: unknown;
  maxAttempts?: number;
}

/** `row` counts data rows from 1 (a CSV's header is not a row); 0 means the file as a whole. */
export interface RowError {
  row: number;
  column: string;
  message: string;
}

/** One row as read from the file: CSV cells are text, JSON values are whatever the file holds. */
export type RawRow = Record<string, unknown>;

export interface CheckedRows {
  rows: RawRow[];
  /** One entry per row: the task to send, or null when the row has errors. */
  tasks: (TaskDraft | null)[];
  errors: RowError[];
}

const byLowerName = new Map<string, Column>(COLUMNS.map((c) => [c.toLowerCase(), c]));
const encoder = new TextEncoder();

/** `Impact `, `IMPACT`, `externalid` all mean the column the API calls `impact`, `externalId`. */
export function columnOf(header: string): Column | null {
  return byLowerName.get(header.trim().toLowerCase()) ?? null;
}

/** Capabilities inside one CSV cell are separated by `;` or `|` (the comma separates cells). */
export function splitCapabilities(cell: string): string[] {
  return cell
    .split(/[;|]/)
    .map((c) => c.trim())
    .filter((c) => c !== "");
}

/** The single-task form takes them comma-separated. */
export function splitCommaList(text: string): string[] {
  return text
    .split(",")
    .map((c) => c.trim())
    .filter((c) => c !== "");
}

function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === "string" && v.trim() === "");
}

function unit(value: unknown): number | string {
  if (isBlank(value)) return "is required";
  const n = typeof value === "number" ? value : typeof value === "string" ? Number(value.trim()) : Number.NaN;
  if (!Number.isFinite(n)) return "must be a number";
  if (n < 0 || n > 1) return "must be between 0 and 1";
  return n;
}

/** Capability messages; an empty list is allowed (any agent may take the task). */
export function capabilityErrors(list: unknown[]): string[] {
  const out: string[] = [];
  if (list.length > MAX_CAPABILITIES) out.push(`at most ${MAX_CAPABILITIES} capabilities`);
  for (const c of list) {
    if (typeof c !== "string" || c.trim() === "") out.push("each capability must be a non-empty string");
    else if (c.length > 64) out.push(`"${c.slice(0, 20)}…" is longer than 64 characters`);
    else if (!CAPABILITY.test(c)) out.push(`"${c}": lowercase letters, digits and . _ : - only`);
  }
  return out;
}

function capabilities(value: unknown): string[] | string {
  if (isBlank(value)) return [];
  const list = typeof value === "string" ? splitCapabilities(value) : value;
  if (!Array.isArray(list)) return "must be a list of capabilities";
  const errors = capabilityErrors(list);
  return errors.length ? errors.join("; ") : (list as string[]);
}

/** How many bytes the payload takes as JSON, or the reason it cannot be sent. */
export function payloadSize(payload: unknown): number {
  return encoder.encode(JSON.stringify(payload) ?? "").length;
}

/** CSV cells hold JSON text; JSON files hold the value itself. */
function payload(value: unknown, fromText: boolean): { value?: unknown } | string {
  if (fromText) {
    if (isBlank(value)) return {};
    const text = String(value);
    try {
      const parsed: unknown = JSON.parse(text);
      return payloadSize(parsed) > MAX_PAYLOAD_BYTES
        ? `must be at most ${MAX_PAYLOAD_BYTES} bytes of JSON`
        : { value: parsed };
    } catch (err) {
      return `is not valid JSON (${(err as Error).message})`;
    }
  }
  if (value === undefined) return {};
  return payloadSize(value) > MAX_PAYLOAD_BYTES
    ? `must be at most ${MAX_PAYLOAD_BYTES} bytes of JSON`
    : { value };
}

function externalId(value: unknown): { value?: string } | string {
  if (isBlank(value)) return {};
  if (typeof value !== "string" && typeof value !== "number") return "must be text";
  const s = String(value).trim();
  return s.length > MAX_EXTERNAL_ID ? `must be at most ${MAX_EXTERNAL_ID} characters` : { value: s };
}

function maxAttempts(value: unknown): { value?: number } | string {
  if (isBlank(value)) return {};
  const n = typeof value === "number" ? value : Number(String(value).trim());
  return Number.isInteger(n) && n >= 1 && n <= 10 ? { value: n } : "must be a whole number from 1 to 10";
}

/** One row: the task it describes, or its errors. `fromText` is true for CSV rows. */
export function checkRow(
  raw: RawRow,
  row: number,
  fromText: boolean,
): { task: TaskDraft | null; errors: RowError[] } {
  const errors: RowError[] = [];
  const fail = (column: string, message: string) => errors.push({ row, column, message });
  const values: Partial<Record<Column, unknown>> = {};
  for (const [key, v] of Object.entries(raw)) {
    const column = columnOf(key);
    if (column) values[column] = v;
    // CSV headers are checked once per file (unknownColumns), not on every row.
    else if (!fromText) fail(key, `unknown field (expected ${COLUMNS.join(", ")})`);
  }
  const task: Partial<TaskDraft> = {};
  for (const name of UNITS) {
    const v = unit(values[name]);
    if (typeof v === "string") fail(name, v);
    else task[name] = v;
  }
  const caps = capabilities(values.capabilities);
  if (typeof caps === "string") fail("capabilities", caps);
  else task.capabilities = caps;
  const ext = externalId(values.externalId);
  if (typeof ext === "string") fail("externalId", ext);
  else if (ext.value !== undefined) task.externalId = ext.value;
  const body = payload(values.payload, fromText);
  if (typeof body === "string") fail("payload", body);
  else if ("value" in body) task.payload = body.value;
  const attempts = maxAttempts(values.maxAttempts);
  if (typeof attempts === "string") fail("maxAttempts", attempts);
  else if (attempts.value !== undefined) task.maxAttempts = attempts.value;
  return { task: errors.length ? null : (task as TaskDraft), errors };
}

/** Every row of an upload, plus the file-level limits. */
export function checkRows(rows: RawRow[], fromText: boolean): CheckedRows {
  const errors: RowError[] = [];
  if (rows.length === 0) errors.push({ row: 0, column: "file", message: "The file holds no tasks." });
  if (rows.length > MAX_UPLOAD_ROWS)
    errors.push({
      row: 0,
      column: "file",
      message: `At most ${MAX_UPLOAD_ROWS} tasks per upload (this file has ${rows.length}).`,
    });
  const tasks = rows.map((raw, i) => {
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
      errors.push({ row: i + 1, column: "row", message: "must be an object of task fields" });
      return null;
    }
    const checked = checkRow(raw, i + 1, fromText);
    errors.push(...checked.errors);
    return checked.task;
  });
  return { rows, tasks, errors };
}

/** A JSON upload: an array of tasks, or `{ tasks: [...] }` as the API takes it. */
export function rowsFromJson(text: string): { rows: RawRow[] } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { error: `The file is not valid JSON (${(err as Error).message}).` };
  }
  const list = Array.isArray(value)
    ? value
    : typeof value === "object" && value !== null && Array.isArray((value as { tasks?: unknown }).tasks)
      ? (value as { tasks: unknown[] }).tasks
      : null;
  if (!list) return { error: "Expected an array of tasks or an object with a tasks array." };
  return { rows: list as RawRow[] };
}

/** CSV headers that are not task fields, reported once for the file rather than on every row. */
export function unknownColumns(headers: string[]): RowError[] {
  return headers
    .filter((h) => h.trim() !== "" && columnOf(h) === null)
    .map((h) => ({ row: 0, column: h, message: `unknown column (expected ${COLUMNS.join(", ")})` }));
}

/** What a CSV parser (papaparse with `header: true`) hands over; `row` in its errors counts from 0. */
export interface CsvParse {
  data: Record<string, unknown>[];
  fields: string[];
  errors: { row?: number | undefined; message: string }[];
}

/** A CSV upload: each cell is text, capabilities split on `;` or `|`, payload is JSON text. */
export function checkCsv(parsed: CsvParse): CheckedRows {
  const missing = (["impact", "urgency", "risk"] as const).filter(
    (c) => !parsed.fields.some((f) => columnOf(f) === c),
  );
  const fileErrors: RowError[] = [
    ...missing.map((c) => ({ row: 0, column: c, message: "column is missing from the header" })),
    ...unknownColumns(parsed.fields),
    ...parsed.errors.map((e) => ({
      row: e.row === undefined ? 0 : e.row + 1,
      column: e.row === undefined ? "file" : "row",
      message: e.message,
    })),
  ];
  const rows = parsed.data.map((r) => {
    const { __parsed_extra: _extra, ...cells } = r;
    return cells;
  });
  const checked = checkRows(rows, true);
  return { ...checked, errors: [...fileErrors, ...checked.errors] };
}

/** A JSON upload: an array of tasks, or `{ tasks: [...] }` as the API takes it. */
export function checkJson(text: string): CheckedRows {
  const read = rowsFromJson(text);
  if ("error" in read)
    return { rows: [], tasks: [], errors: [{ row: 0, column: "file", message: read.error }] };
  return checkRows(read.rows, false);
}

/** Rows in the order they will be sent, once every row is valid; null while any has errors. */
export function sendable(checked: CheckedRows): TaskDraft[] | null {
  if (checked.errors.length > 0) return null;
  const tasks = checked.tasks.filter((t): t is TaskDraft => t !== null);
  return tasks.length === checked.rows.length && tasks.length > 0 ? tasks : null;
}

/**
 * Requests to send: at most the API's per-request count, and small enough in bytes. The split
 * depends only on the tasks, so a retry of the same upload produces the same chunks.
 */
export function chunkTasks(
  tasks: TaskDraft[],
  maxCount = MAX_TASKS_PER_REQUEST,
  maxBytes = MAX_CHUNK_BYTES,
): TaskDraft[][] {
  const chunks: TaskDraft[][] = [];
  let current: TaskDraft[] = [];
  let bytes = 0;
  for (const task of tasks) {
    const size = payloadSize(task);
    if (current.length > 0 && (current.length >= maxCount || bytes + size > maxBytes)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(task);
    bytes += size + 1;
  }
  if (current.length) chunks.push(current);
  return chunks;
}

/** The Idempotency-Key of one chunk: replaying a chunk of the same upload creates nothing new. */
export function chunkKey(uploadKey: string, index: number): string {
  return `${uploadKey}.${index}`;
}

/** Upload keys go into a header: printable ASCII without spaces, short enough for a chunk suffix. */
export function isUploadKey(key: string): boolean {
  return /^[\x21-\x7e]{8,200}$/.test(key);
}
