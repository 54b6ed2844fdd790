import { createColumnHelper } from "@tanstack/react-table";
import { dateTime } from "../../lib/format";
import { DataTable } from "../data-table";
import { EntryDetail } from "./entry-detail";
import type { AuditEntry } from "./types";

const col = createColumnHelper<AuditEntry>();

/** Who did what to what, when and why; expand a row for the before/after diff. */
export function AuditTable({ entries, names }: { entries: AuditEntry[]; names: Record<string, string> }) {
  const actorText = (e: AuditEntry) => (e.actor.id ? (names[e.actor.id] ?? e.actor.id) : e.actor.type);
  const columns = [
    col.accessor("at", {
      header: "Time",
      cell: (c) => (
        <time className="audit-time" dateTime={c.getValue()}>
          {dateTime(c.getValue())}
        </time>
      ),
    }),
    col.accessor(actorText, {
      id: "actor",
      header: "Actor",
      cell: (c) => (
        <>
          <span className="audit-id">{c.getValue()}</span>
          <div className="hint audit-id">
            {c.row.original.actor.type}
            {c.row.original.actor.id && names[c.row.original.actor.id] ? ` · ${c.row.original.actor.id}` : ""}
          </div>
        </>
      ),
    }),
    col.accessor("action", { header: "Action", cell: (c) => <span className="mono">{c.getValue()}</span> }),
    col.accessor((e) => (e.target ? `${e.target.type} ${e.target.id ?? ""}` : ""), {
      id: "target",
      header: "Target",
      cell: (c) => {
        const t = c.row.original.target;
        if (!t) return "—";
        return (
          <>
            <span className="mono audit-id">{t.id ?? "—"}</span>
            <div className="hint">{t.type}</div>
          </>
        );
      },
    }),
    col.accessor((e) => e.reason ?? "", {
      id: "reason",
      header: "Reason",
      cell: (c) =>
        c.getValue() ? <div className="audit-reason">{c.getValue()}</div> : <span className="muted">—</span>,
    }),
    col.accessor((e) => e.requestId ?? "", {
      id: "requestId",
      header: "Request id",
      cell: (c) => <span className="mono audit-id">{c.getValue() || "—"}</span>,
    }),
  ];
  return (
    <div data-testid="audit-table">
      <DataTable
        data={entries}
        columns={columns}
        caption="Audit log entries, newest first"
        empty="No audit entries match"
        filterLabel="Search this page"
        rowKey={(e) => e.id}
        renderExpanded={(e) => <EntryDetail entry={e} />}
      />
    </div>
  );
}
