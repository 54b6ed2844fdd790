import { Form } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import type { Role } from "../../../../shared/roles";
import { roleAtLeast } from "../../../../shared/roles";
import type { UserView } from "../../../../shared/schemas/identity";
import { dateTime } from "../../lib/format";
import { ConfirmAction } from "../confirm-dialog";
import { CsrfInput } from "../csrf-input";
import { DataTable } from "../data-table";
import { grantableRoles } from "./roles";

interface Props {
  users: UserView[];
  me: { id: string; role: Role };
  canChangeRole: boolean;
  canRemove: boolean;
}

const col = createColumnHelper<UserView>();

function RoleCell({ user, me, canChange }: { user: UserView; me: Props["me"]; canChange: boolean }) {
  // Nobody manages someone above them: an admin sees an owner's role as text.
  if (!canChange || !roleAtLeast(me.role, user.role)) return <span className="badge info">{user.role}</span>;
  return (
    <Form method="post" className="inline-form">
      <CsrfInput />
      <input type="hidden" name="intent" value="role" />
      <input type="hidden" name="id" value={user.id} />
      <select name="role" defaultValue={user.role} aria-label={`Role of ${user.email}`}>
        {grantableRoles(me.role).map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
      <button type="submit" aria-label={`Save role for ${user.email}`}>
        Save role
      </button>
    </Form>
  );
}

/** The tenant's users, with role changes and removal for those allowed to make them. */
export function UsersTable({ users, me, canChangeRole, canRemove }: Props) {
  const columns = [
    col.accessor("email", {
      header: "Email",
      cell: (c) => (
        <>
          {c.getValue()}
          {c.row.original.id === me.id && <span className="muted"> (you)</span>}
        </>
      ),
    }),
    col.accessor("name", { header: "Name", cell: (c) => c.getValue() ?? "—" }),
    col.accessor("role", {
      header: "Role",
      cell: (c) => <RoleCell user={c.row.original} me={me} canChange={canChangeRole} />,
    }),
    col.accessor("sso", { header: "Sign-in", cell: (c) => (c.getValue() ? "SSO" : "Password") }),
    col.accessor("createdAt", { header: "Joined", cell: (c) => dateTime(c.getValue()) }),
    col.accessor("lastLoginAt", {
      header: "Last sign-in",
      cell: (c) => (c.getValue() ? dateTime(c.getValue()) : "never"),
    }),
    col.display({
      id: "actions",
      header: "Actions",
      cell: (c) => {
        const u = c.row.original;
        if (!canRemove || u.id === me.id || !roleAtLeast(me.role, u.role)) return null;
        return (
          <ConfirmAction label="Remove" title={`Remove ${u.email}`} intent="remove" danger>
            <input type="hidden" name="id" value={u.id} />
            <p>
              {u.email} loses access at once: their sessions end and live connections close. Their actions
              stay in the audit log.
            </p>
          </ConfirmAction>
        );
      },
    }),
  ];
  return (
    <DataTable
      data={users}
      columns={columns}
      caption="Users"
      empty="No users"
      filterLabel="Filter users"
      rowKey={(u) => u.id}
    />
  );
}
