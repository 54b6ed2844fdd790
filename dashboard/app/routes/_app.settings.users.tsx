import {
  type ActionFunctionArgs,
  json,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/cloudflare";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import type { Role } from "../../../shared/roles";
import { roleMay } from "../../../shared/route-policy";
import type { UserView } from "../../../shared/schemas/identity";
import { type ActionResult, ProblemNotice } from "../components/problem-notice";
import { RouteError } from "../components/route-error";
import { SecretOnce } from "../components/secret-once";
import { InvitationList, type InvitationView, InviteForm } from "../components/settings/invitations";
import { syncSession } from "../components/settings/session-sync.server";
import { UsersTable } from "../components/settings/users-table";
import { attempt, formString, loadOr } from "../lib/actions.server";
import { requireAction, requireUser } from "../lib/auth.server";
import { useSignedIn } from "../lib/use-signed-in";

export const meta: MetaFunction = () => [{ title: "Users · Settings · Warden" }];

export async function loader(args: LoaderFunctionArgs) {
  const signed = await requireUser(args);
  const cursor = new URL(args.request.url).searchParams.get("cursor") ?? undefined;
  const [page, invitations] = await loadOr(() =>
    Promise.all([
      signed.api.get<{ users: UserView[]; nextCursor: string | null }>("/users", { limit: 200, cursor }),
      roleMay(signed.user.role, "GET /users/invitations")
        ? signed.api.get<{ invitations: InvitationView[] }>("/users/invitations").then((r) => r.invitations)
        : Promise.resolve(null),
    ]),
  );
  return json(
    { users: page.users, nextCursor: page.nextCursor, cursor: cursor ?? null, invitations },
    { headers: signed.headers },
  );
}

export async function action(args: ActionFunctionArgs) {
  const signed = await requireAction(args);
  const { api, form, headers, user } = signed;
  const intent = formString(form, "intent");
  const id = formString(form, "id");
  return attempt(headers, async () => {
    switch (intent) {
      case "role": {
        const role = formString(form, "role") as Role;
        const updated = await api.call<UserView>(`/users/${encodeURIComponent(id)}`, {
          method: "PATCH",
          body: { role },
        });
        if (id === user.id) await syncSession(args, signed, { role: updated.role });
        return `${updated.email} is now ${updated.role}.`;
      }
      case "remove":
        await api.call(`/users/${encodeURIComponent(id)}`, { method: "DELETE" });
        return "User removed.";
      case "invite": {
        const body = { email: formString(form, "email"), role: formString(form, "role") };
        const out = await api.call<{ invitation: InvitationView; url: string }>("/users/invitations", {
          method: "POST",
          body,
        });
        return {
          message: `Invited ${out.invitation.email} as ${out.invitation.role}.`,
          once: { url: out.url },
        };
      }
      case "revoke-invitation":
        await api.call(`/users/invitations/${encodeURIComponent(id)}`, { method: "DELETE" });
        return "Invitation revoked.";
      default:
        return undefined;
    }
  });
}

export default function Users() {
  const { users, nextCursor, cursor, invitations } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const { user, may } = useSignedIn();
  const link = typeof result?.once?.url === "string" ? result.once.url : null;
  return (
    <section className="stack" aria-labelledby="users-heading">
      <h2 id="users-heading">Users</h2>
      <ProblemNotice result={result} />
      {link && (
        <SecretOnce
          title="Invitation link"
          value={link}
          testId="invitation-link"
          note="Send this link to the person you invited. It is shown only now and works once, for 7 days."
        />
      )}
      <section className="card stack" aria-labelledby="user-list-heading">
        <h3 id="user-list-heading">Members</h3>
        <UsersTable
          users={users}
          me={{ id: user.id, role: user.role }}
          canChangeRole={may("PATCH /users/{id}")}
          canRemove={may("DELETE /users/{id}")}
        />
        <div className="row">
          {cursor && <Link to=".">First page</Link>}
          {nextCursor && <Link to={`?cursor=${encodeURIComponent(nextCursor)}`}>More users</Link>}
        </div>
      </section>
      {may("POST /users/invitations") && (
        <section className="card">
          <InviteForm myRole={user.role} result={result} />
        </section>
      )}
      {invitations && (
        <section className="card" aria-labelledby="invitations-heading">
          <h3 id="invitations-heading">Pending invitations</h3>
          <InvitationList invitations={invitations} canRevoke={may("DELETE /users/invitations/{id}")} />
        </section>
      )}
    </section>
  );
}

export const ErrorBoundary = RouteError;
