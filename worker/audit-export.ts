import { stringify } from "csv-stringify/sync";
import { type AuditFilter, type AuditRecord, auditOldestFirst, renderAuditRow } from "./audit-query";

/**
 * Audit exports, streamed: D1 is read a page at a time, oldest first, as the client consumes the
 * body, so an export of any size never sits whole in the Worker's memory.
 */

export type ExportFormat = "csv" | "json";

const PAGE_ROWS = 500;

/** The stored columns, raw: `before`/`after` stay the exact JSON text the hash covers. */
const CSV_COLUMNS: { key: keyof AuditRecord; header: string }[] = [
  { key: "id", header: "id" },
  { key: "seq", header: "seq" },
  { key: "at", header: "at" },
  { key: "actorType", header: "actor_type" },
  { key: "actorId", header: "actor_id" },
  { key: "action", header: "action" },
  { key: "targetType", header: "target_type" },
  { key: "targetId", header: "target_id" },
  { key: "reason", header: "reason" },
  { key: "requestId", header: "request_id" },
  { key: "address", header: "address" },
  { key: "userAgent", header: "user_agent" },
  { key: "before", header: "before" },
  { key: "after", header: "after" },
  { key: "prevHash", header: "prev_hash" },
  { key: "hash", header: "hash" },
];

function csvChunk(rows: AuditRecord[], first: boolean): string {
  // User agents and reasons are caller-controlled: a leading = + - @ would run as a spreadsheet
  // formula, so such cells get a leading quote (OWASP CSV injection).
  return stringify(rows, { header: first, columns: CSV_COLUMNS, escape_formulas: true });
}

function jsonChunk(rows: AuditRecord[], first: boolean): string {
  const items = rows.map((r) => JSON.stringify(renderAuditRow(r))).join(",\n");
  if (!items) return first ? "[" : "";
  return (first ? "[\n" : ",\n") + items;
}

export function exportStream(
  db: D1Database,
  tenantId: string,
  filter: AuditFilter,
  format: ExportFormat,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const chunk = format === "csv" ? csvChunk : jsonChunk;
  let afterSeq = 0;
  let first = true;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const rows = await auditOldestFirst(db, tenantId, filter, afterSeq, PAGE_ROWS);
      let text = chunk(rows, first);
      first = false;
      const last = rows[rows.length - 1];
      if (last) afterSeq = last.seq;
      const done = rows.length < PAGE_ROWS;
      if (done && format === "json") text += "\n]\n";
      if (text) controller.enqueue(encoder.encode(text));
      if (done) controller.close();
    },
  });
}

export function exportHeaders(tenantId: string, format: ExportFormat): Record<string, string> {
  const day = new Date().toISOString().slice(0, 10);
  return {
    "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
    "content-disposition": `attachment; filename="audit-${tenantId}-${day}.${format}"`,
    "cache-control": "no-store",
  };
}
