import type { ActionFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import type { Session } from "../../../shared/schemas/identity";
import { AuthCard } from "../components/auth-card";
import { Field } from "../components/field";
import { type ActionResult, fieldError, ProblemNotice } from "../components/problem-notice";
import { formString } from "../lib/actions.server";
import { signInThrough } from "../lib/start-session.server";

export const meta: MetaFunction = () => [{ title: "Accept invitation · Warden" }];

export async function action(args: ActionFunctionArgs) {
  const form = await args.request.formData();
  const name = formString(form, "name");
  return signInThrough(args, "/", (api) =>
    api.call<Session>(`/invitations/${encodeURIComponent(args.params.token ?? "")}/accept`, {
      method: "POST",
      body: { password: String(form.get("password") ?? ""), ...(name ? { name } : {}) },
    }),
  );
}

export default function AcceptInvitation() {
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const busy = useNavigation().state === "submitting";
  return (
    <AuthCard title="Join your team on Warden">
      <p className="muted">Choose a password to accept the invitation. The link works once.</p>
      <ProblemNotice result={result} />
      <Form method="post" className="form">
        <Field label="Your name" name="name" autoComplete="name" error={fieldError(result, "name")} />
        <Field
          label="Password"
          name="password"
          type="password"
          required
          minLength={12}
          autoComplete="new-password"
          hint="At least 12 characters."
          error={fieldError(result, "password")}
        />
        <button type="submit" className="primary" disabled={busy}>
          Accept invitation
        </button>
      </Form>
    </AuthCard>
  );
}
