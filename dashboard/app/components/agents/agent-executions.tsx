import { createColumnHelper } from "@tanstack/react-table";
import { dateTime, ms } from "../../lib/format";
import { DataTable } from "../data-table";
import { OutcomeBadge } from "./outcome-badge";
import type { Execution } from "./types";

const col = createColumnHelper<Execution>();

const columns = [
  col.accessor("taskId", { header: "Task", cell: (c) => <span className="mono">{c.getValue()}</span> }),
  col.accessor("attempt", { header: "Attempt", enableGlobalFilter: false }),
  col.accessor((x) => x.outcome ?? "running", {
    id: "outcome",
    header: "Outcome",
    cell: (c) => <OutcomeBadge outcome={c.row.original.outcome} />,
  }),
  col.accessor((x) => x.latencyMs ?? -1, {
    id: "latency",
    header: "Latency",
    enableGlobalFilter: false,
    cell: (c) => ms(c.row.original.latencyMs),
  }),
  col.accessor("at", { header: "Time", enableGlobalFilter: false, cell: (c) => dateTime(c.getValue()) }),
];

/** This agent's attempts from the latest tasks it worked on, updated as they run. */
export function AgentExecutions({ executions, note }: { executions: Execution[]; note: string | null }) {
  const finished = executions.filter((x) => x.outcome !== null);
  const ok = finished.filter((x) => x.outcome === "success").length;
  return (
    <section className="card stack" aria-labelledby="executions-heading" data-testid="agent-executions">
      <div className="spread">
        <h2 id="executions-heading">Executions</h2>
        {finished.length > 0 && (
          <span className="muted small">
            {ok} of {finished.length} shown succeeded
          </span>
        )}
      </div>
      {note && <p className="notice warn">{note}</p>}
      <DataTable
        data={executions}
        columns={columns}
        caption="This agent's task attempts, newest first"
        filterLabel="Search executions"
        empty="This agent has not run any task yet"
        initialSort={[{ id: "at", desc: true }]}
        rowKey={(x) => `${x.taskId}#${x.attempt}`}
      />
    </section>
  );
}
