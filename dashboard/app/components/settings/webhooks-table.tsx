import { Link } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import type { WebhookView } from "../../../../shared/schemas/webhooks";
import { dateTime } from "../../lib/format";
import { DataTable } from "../data-table";
import { WebhookControls, WebhookStatus } from "./webhook-controls";

const col = createColumnHelper<WebhookView>();

/** The tenant's endpoints: where, what, whether it works, and the controls. */
export function WebhooksTable({ hooks, manage }: { hooks: WebhookView[]; manage: boolean }) {
  const columns = [
    col.accessor("url", {
      header: "Endpoint",
      cell: (c) => (
        <>
          <Link to={c.row.original.id} className="mono">
            {c.getValue()}
          </Link>
          {c.row.original.description && <div className="hint">{c.row.original.description}</div>}
        </>
      ),
    }),
    col.accessor((h) => h.events.join(" "), {
      id: "events",
      header: "Events",
      cell: (c) =>
        c.row.original.events.map((e) => (
          <span key={e} className="chip mono">
            {e}
          </span>
        )),
    }),
    col.accessor((h) => (h.enabled ? h.consecutiveFailures : -1), {
      id: "status",
      header: "Status",
      cell: (c) => <WebhookStatus hook={c.row.original} />,
    }),
    col.accessor("lastSuccessAt", {
      header: "Last success",
      cell: (c) => (c.getValue() ? dateTime(c.getValue()) : "never"),
    }),
    col.accessor("createdAt", { header: "Created", cell: (c) => dateTime(c.getValue()) }),
    ...(manage
      ? [
          col.display({
            id: "actions",
            header: "Actions",
            cell: (c) => <WebhookControls hook={c.row.original} />,
          }),
        ]
      : []),
  ];
  return (
    <DataTable
      data={hooks}
      columns={columns}
      caption="Webhook endpoints"
      empty="No webhook endpoints yet"
      rowKey={(h) => h.id}
    />
  );
}
