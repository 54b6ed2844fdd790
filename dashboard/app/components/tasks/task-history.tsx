import { Link } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { clock, dateTime, ms } from "../../lib/format";
import { DataTable } from "../data-table";
import { StatusBadge } from "../status-badge";
import { CancelTask } from "./cancel-task";
import { LevelBadges } from "./level-badges";
import { agentLabel } from "./task-detail";
import { TaskRowDetail } from "./task-row-detail";
import { type AgentName, cancellable, lastAttempt, type Task } from "./types";

const col = createColumnHelper<Task>();

function columns(agents: AgentName[], canCancel: boolean) {
  const list = [
    col.accessor("id", {
      header: "Task",
      cell: (c) => (
        <span className="stack tight">
          <Link to={`/tasks/${c.getValue()}`} className="mono">
            {c.getValue()}
          </Link>
          {c.row.original.externalId && <span className="muted mono">{c.row.original.externalId}</span>}
        </span>
      ),
    }),
    col.accessor("impact", {
      header: "Impact / urgency / risk",
      cell: (c) => <LevelBadges task={c.row.original} />,
    }),
    col.accessor("status", {
      header: "Status",
      cell: (c) => <StatusBadge status={c.getValue()} />,
    }),
    col.accessor((t) => lastAttempt(t)?.agentId ?? "", {
      id: "agent",
      header: "Agent",
      cell: (c) =>
        c.getValue() ? (
          <Link to={`/agents/${c.getValue()}`}>{agentLabel(c.getValue(), agents)}</Link>
        ) : (
          <span className="muted">—</span>
        ),
    }),
    col.accessor((t) => t.attempts.length, {
      id: "attempts",
      header: "Attempts",
      cell: (c) => (
        <span className="mono">
          {c.getValue()}/{c.row.original.maxAttempts}
        </span>
      ),
    }),
    col.accessor((t) => lastAttempt(t)?.latencyMs ?? -1, {
      id: "latency",
      header: "Latency",
      cell: (c) => <span className="mono">{c.getValue() < 0 ? "—" : ms(c.getValue())}</span>,
    }),
    col.accessor("createdAt", {
      header: "Created / finished",
      cell: (c) => (
        <span className="stack tight">
          <span className="nowrap">{dateTime(c.getValue())}</span>
          <span className="muted">
            {c.row.original.finishedAt ? `finished ${clock(c.row.original.finishedAt)}` : "not finished"}
          </span>
        </span>
      ),
    }),
  ];
  const actions = col.display({
    id: "actions",
    header: "Actions",
    cell: (c) =>
      cancellable(c.row.original.status) ? (
        <CancelTask taskId={c.row.original.id} action="/tasks?index" />
      ) : null,
  });
  return canCancel ? [...list, actions] : list;
}

interface TaskHistoryProps {
  tasks: Task[];
  agents: AgentName[];
  canCancel: boolean;
  empty: string;
}

/** The tasks of one page, newest first; a row opens to show its attempts. */
export function TaskHistory({ tasks, agents, canCancel, empty }: TaskHistoryProps) {
  return (
    <DataTable
      data={tasks}
      columns={columns(agents, canCancel)}
      caption="Task history, newest first"
      filterLabel="Search this page"
      empty={empty}
      rowKey={(t) => t.id}
      renderExpanded={(t) => <TaskRowDetail id={t.id} />}
    />
  );
}
