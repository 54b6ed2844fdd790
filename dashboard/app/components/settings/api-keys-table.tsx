import { createColumnHelper } from "@tanstack/react-table";
import type { ApiKeyView } from "../../../../shared/schemas/api-keys";
import { dateTime } from "../../lib/format";
import { ConfirmAction } from "../confirm-dialog";
import { DataTable } from "../data-table";
import { DEFAULT_GRACE_S, MAX_GRACE_S } from "./scopes";

const TONE: Record<ApiKeyView["status"], string> = {
  active: "good",
  expiring: "warn",
  expired: "muted",
  revoked: "bad",
};

const col = createColumnHelper<ApiKeyView>();

function KeyActions({ k, manage }: { k: ApiKeyView; manage: boolean }) {
  if (!manage || k.status === "revoked" || k.status === "expired") return null;
  return (
    <div className="actions-cell">
      {k.status === "active" && (
        <ConfirmAction label="Rotate" title={`Rotate key "${k.name}"`} intent="rotate">
          <input type="hidden" name="id" value={k.id} />
          <p>
            A new key with the same name, scopes and expiry is created and shown once. The old key (
            <span className="mono">{k.prefix}…</span>) keeps working for the grace period.
          </p>
          <label>
            Grace period (seconds)
            <input
              type="number"
              name="gracePeriodSeconds"
              min={0}
              max={MAX_GRACE_S}
              step={1}
              defaultValue={DEFAULT_GRACE_S}
              required
            />
            <span className="hint">
              0 ends the old key now; at most {MAX_GRACE_S} (7 days). Default 86400 (24 h).
            </span>
          </label>
        </ConfirmAction>
      )}
      <ConfirmAction label="Revoke" title={`Revoke key "${k.name}"`} intent="revoke" danger>
        <input type="hidden" name="id" value={k.id} />
        <p>
          The key <span className="mono">{k.prefix}…</span> stops working at once, and its live connections
          close. This cannot be undone.
        </p>
      </ConfirmAction>
    </div>
  );
}

/** Every key of the tenant (never its secret): status, scopes, use, and rotate/revoke. */
export function ApiKeysTable({ keys, manage }: { keys: ApiKeyView[]; manage: boolean }) {
  const columns = [
    col.accessor("name", { header: "Name" }),
    col.accessor("prefix", { header: "Key", cell: (c) => <span className="mono">{c.getValue()}…</span> }),
    col.accessor((k) => k.scopes.join(" "), {
      id: "scopes",
      header: "Scopes",
      cell: (c) =>
        c.row.original.scopes.map((s) => (
          <span key={s} className="chip mono">
            {s}
          </span>
        )),
    }),
    col.accessor("status", {
      header: "Status",
      cell: (c) => <span className={`badge ${TONE[c.getValue()]}`}>{c.getValue()}</span>,
    }),
    col.accessor("createdAt", { header: "Created", cell: (c) => dateTime(c.getValue()) }),
    col.accessor("lastUsedAt", {
      header: "Last used",
      cell: (c) => (c.getValue() ? dateTime(c.getValue()) : "never"),
    }),
    col.accessor("expiresAt", {
      header: "Expires",
      cell: (c) => (c.getValue() ? dateTime(c.getValue()) : "never"),
    }),
    col.display({
      id: "actions",
      header: "Actions",
      cell: (c) => <KeyActions k={c.row.original} manage={manage} />,
    }),
  ];
  return (
    <DataTable
      data={keys}
      columns={columns}
      caption="API keys"
      empty="No API keys yet"
      filterLabel="Filter keys"
      rowKey={(k) => k.id}
    />
  );
}
