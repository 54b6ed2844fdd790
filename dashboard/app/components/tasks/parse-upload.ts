import { type CheckedRows, checkCsv, checkJson } from "../../lib/task-rows";

/** Larger files would not fit one upload anyway (10,000 rows) and would stall the tab. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

function looksLikeJson(file: File, text: string): boolean {
  if (/\.json$/i.test(file.name) || file.type === "application/json") return true;
  if (/\.csv$/i.test(file.name) || file.type === "text/csv") return false;
  return /^\s*[[{]/.test(text);
}

/** Reads a chosen file in the browser; CSV parsing loads only when a CSV file is chosen. */
export async function parseUpload(file: File): Promise<CheckedRows> {
  if (file.size > MAX_FILE_BYTES)
    return {
      rows: [],
      tasks: [],
      errors: [
        { row: 0, column: "file", message: `The file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB.` },
      ],
    };
  const text = (await file.text()).replace(/^\uFEFF/, "");
  if (looksLikeJson(file, text)) return checkJson(text);
  const { default: Papa } = await import("papaparse");
  const parsed = Papa.parse<Record<string, unknown>>(text, { header: true, skipEmptyLines: "greedy" });
  return checkCsv({ data: parsed.data, fields: parsed.meta.fields ?? [], errors: parsed.errors });
}
