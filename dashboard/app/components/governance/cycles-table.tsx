import { Link } from "@remix-run/react";
import type { ColumnDef } from "@tanstack/react-table";
import { pct, trust } from "../../lib/format";
import { DataTable } from "../data-table";
import { stamp } from "./stamp";
import type { CycleSummary } from "./types";

function Threshold({ c }: { c: CycleSummary }) {
  const delta = c.thresholdAfter - c.thresholdBefore;
  if (Math.abs(delta) < 1e-9)
    return <span className="mono muted gov-threshold">{trust(c.thresholdBefore)} (kept)</span>;
  return (
    <span className="mono gov-threshold">
      {trust(c.thresholdBefore)} → {trust(c.thresholdAfter)}{" "}
      <span className={`badge ${delta > 0 ? "info" : "warn"}`}>{delta > 0 ? "raised" : "lowered"}</span>
    </span>
  );
}

function RateBar({ value }: { value: number }) {
  return (
    <span className="gov-rate">
      <span className="gov-bar" aria-hidden="true">
        <span style={{ width: `${Math.round(value * 100)}%` }} />
      </span>
      <span className="mono">{pct(value)}</span>
    </span>
  );
}

const columns: ColumnDef<CycleSummary, unknown>[] = [
  {
    accessorKey: "number",
    header: "Cycle",
    cell: ({ row }) => (
      <Link to={`/governance/cycles/${row.original.id}`} className="gov-nowrap">
        Cycle {row.original.number}
      </Link>
    ),
  },
  {
    accessorKey: "endedAt",
    header: "Ended",
    cell: ({ row }) => <span className="gov-nowrap">{stamp(row.original.endedAt)}</span>,
  },
  { accessorKey: "results", header: "Results" },
  {
    accessorKey: "successRate",
    header: "Success rate",
    cell: ({ row }) => <RateBar value={row.original.successRate} />,
  },
  {
    accessorKey: "meanTrust",
    header: "Mean trust",
    cell: ({ row }) => <span className="mono">{trust(row.original.meanTrust)}</span>,
  },
  {
    accessorKey: "constraintScore",
    header: "Constraint score",
    cell: ({ row }) => {
      const s = row.original.constraintScore;
      return <span className={`mono ${s < 1 ? "trust-bad" : ""}`}>{s.toFixed(2)}</span>;
    },
  },
  {
    id: "threshold",
    header: "Threshold before → after",
    accessorFn: (c) => c.thresholdAfter - c.thresholdBefore,
    cell: ({ row }) => <Threshold c={row.original} />,
  },
];

/** Closed cycles, newest first, a page at a time (the API's cursor is the oldest number shown). */
export function CyclesTable({
  cycles,
  nextCursor,
  cursor,
}: {
  cycles: CycleSummary[];
  nextCursor: string | null;
  cursor: string | null;
}) {
  return (
    <div className="stack">
      <DataTable
        data={cycles}
        columns={columns}
        caption="Closed governance cycles"
        empty={cursor ? "No older cycles" : "No cycle has closed yet"}
        filterLabel="Filter cycles"
        rowKey={(c) => c.id}
      />
      {(cursor || nextCursor) && (
        <nav className="row" aria-label="Cycle pages">
          {cursor && <Link to="/governance">Newest cycles</Link>}
          {nextCursor && (
            <Link to={`/governance?cursor=${encodeURIComponent(nextCursor)}`}>Older cycles →</Link>
          )}
        </nav>
      )}
    </div>
  );
}
