import { Form, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import type { Role } from "../../../../shared/roles";
import { dateTime } from "../../lib/format";
import { ConfirmAction } from "../confirm-dialog";
import { CsrfInput } from "../csrf-input";
import { EmptyState } from "../empty-state";
import { Field } from "../field";
import type { ActionResult } from "../problem-notice";
import { fieldMessage } from "./field-message";
import { grantableRoles, ROLE_HELP } from "./roles";
import { SelectField } from "./select-field";

export interface InvitationView {
  id: string;
  email: string;
  role: Role;
  invitedBy: string | null;
  createdAt: string;
  expiresAt: string;
}

/** Invite by email with a role no higher than the inviter's; the link comes back once. */
export function InviteForm({ myRole, result }: { myRole: Role; result: ActionResult | undefined }) {
  const nav = useNavigation();
  const busy = nav.state === "submitting" && nav.formData?.get("intent") === "invite";
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (result?.ok && result.once?.url) form.current?.reset();
  }, [result]);
  return (
    <Form method="post" className="form" ref={form} aria-labelledby="invite-heading">
      <h3 id="invite-heading">Invite someone</h3>
      <CsrfInput />
      <input type="hidden" name="intent" value="invite" />
      <div className="form-grid">
        <Field
          label="Email"
          name="email"
          type="email"
          required
          autoComplete="off"
          error={fieldMessage(result, "email")}
        />
        <SelectField
          label="Role"
          name="role"
          defaultValue="viewer"
          error={fieldMessage(result, "role")}
          options={grantableRoles(myRole).map((r) => ({ value: r, label: `${r} — ${ROLE_HELP[r]}` }))}
        />
      </div>
      <div>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Inviting…" : "Create invitation"}
        </button>
      </div>
      <p className="hint">Warden sends no email: pass the link on yourself. It is valid for 7 days.</p>
    </Form>
  );
}

/** Invitations not yet accepted, each revocable. */
export function InvitationList({
  invitations,
  canRevoke,
}: {
  invitations: InvitationView[];
  canRevoke: boolean;
}) {
  if (invitations.length === 0) return <EmptyState title="No pending invitations" />;
  return (
    <div className="table-wrap">
      <table>
        <caption className="sr-only">Pending invitations</caption>
        <thead>
          <tr>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Invited</th>
            <th scope="col">Expires</th>
            {canRevoke && <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {invitations.map((inv) => (
            <tr key={inv.id}>
              <td>{inv.email}</td>
              <td>
                <span className="badge info">{inv.role}</span>
              </td>
              <td>{dateTime(inv.createdAt)}</td>
              <td>{dateTime(inv.expiresAt)}</td>
              {canRevoke && (
                <td>
                  <ConfirmAction
                    label="Revoke"
                    title={`Revoke the invitation for ${inv.email}`}
                    intent="revoke-invitation"
                    danger
                  >
                    <input type="hidden" name="id" value={inv.id} />
                    <p>The link stops working at once.</p>
                  </ConfirmAction>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
