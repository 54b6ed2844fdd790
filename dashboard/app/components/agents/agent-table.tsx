import { Link } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { useMemo, useState } from "react";
import { dateTime } from "../../lib/format";
import { DataTable } from "../data-table";
import { StatusBadge, TrustValue } from "../status-badge";
import { AgentFilters, filterAgents, NO_FILTER } from "./agent-filters";
import { OutcomeBadge } from "./outcome-badge";
import type { Agent } from "./types";

const col = createColumnHelper<Agent>();

const columns = [
  // Name then id: sorts by name, and the text filter finds an agent by either.
  col.accessor((a) => `${a.name} ${a.id}`, {
    id: "name",
    header: "Name",
    cell: (c) => (
      <span className="stack-tight">
        <Link to={`/agents/${c.row.original.id}`}>{c.row.original.name}</Link>
        <span className="mono muted small">{c.row.original.id}</span>
      </span>
    ),
  }),
  col.accessor("kind", { header: "Kind" }),
  col.accessor("trust", {
    header: "Trust",
    cell: (c) => <TrustValue value={c.getValue()} />,
    enableGlobalFilter: false,
  }),
  col.accessor("status", {
    header: "Status",
    cell: (c) => {
      const a = c.row.original;
      return (
        <span className="row tight">
          <StatusBadge status={a.status} />
          {a.drifting && <span className="badge warn">drifting</span>}
          {a.status === "suppressed" && a.suppressedUntil && (
            <span className="muted small">until {dateTime(a.suppressedUntil)}</span>
          )}
        </span>
      );
    },
  }),
  col.accessor((a) => a.capabilities.join(" "), {
    id: "capabilities",
    header: "Capabilities",
    enableSorting: false,
    cell: (c) =>
      c.row.original.capabilities.length === 0 ? (
        <span className="muted">any</span>
      ) : (
        c.row.original.capabilities.map((cap) => (
          <span key={cap} className="chip">
            {cap}
          </span>
        ))
      ),
  }),
  col.accessor((a) => a.lastResultAt ?? "", {
    id: "lastResult",
    header: "Last result",
    enableGlobalFilter: false,
    cell: (c) => {
      const a = c.row.original;
      if (!a.lastResultAt) return <span className="muted">none yet</span>;
      return (
        <span className="row tight">
          <OutcomeBadge outcome={a.lastOutcome} />
          <span className="muted small">{dateTime(a.lastResultAt)}</span>
        </span>
      );
    },
  }),
  col.accessor(
    (a) =>
      a.counters.successes / Math.max(1, a.counters.successes + a.counters.failures + a.counters.timeouts),
    {
      id: "record",
      header: "Record",
      enableGlobalFilter: false,
      cell: (c) => {
        const k = c.row.original.counters;
        return (
          <span className="small">
            {k.successes} ok · {k.failures + k.timeouts} failed
            {k.suppressions > 0 && <span className="muted"> · suppressed {k.suppressions}×</span>}
          </span>
        );
      },
    },
  ),
  col.accessor("inFlight", {
    header: "Load",
    enableGlobalFilter: false,
    cell: (c) => `${c.getValue()} / ${c.row.original.maxConcurrency}`,
  }),
];

/** Every agent of the tenant, with the filters operators reach for first. */
export function AgentTable({ agents }: { agents: Agent[] }) {
  const [filter, setFilter] = useState(NO_FILTER);
  const shown = useMemo(() => filterAgents(agents, filter), [agents, filter]);
  return (
    <div className="stack">
      <AgentFilters value={filter} onChange={setFilter} />
      {agents.length > 0 && shown.length < agents.length && (
        <p className="muted small" role="status">
          Showing {shown.length} of {agents.length} agents.
        </p>
      )}
      <DataTable
        data={shown}
        columns={columns}
        caption="Agents"
        filterLabel="Search agents"
        empty={agents.length === 0 ? "No agents registered yet" : "No agent matches these filters"}
        initialSort={[{ id: "name", desc: false }]}
        rowKey={(a) => a.id}
      />
    </div>
  );
}
