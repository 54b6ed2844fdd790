import type { ActionFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import type { Session } from "../../../shared/schemas/identity";
import { AuthCard } from "../components/auth-card";
import { Field } from "../components/field";
import { type ActionResult, fieldError, ProblemNotice } from "../components/problem-notice";
import { formString } from "../lib/actions.server";
import { signInThrough } from "../lib/start-session.server";

export const meta: MetaFunction = () => [{ title: "Create your organization · Warden" }];

export async function action(args: ActionFunctionArgs) {
  const form = await args.request.formData();
  const name = formString(form, "name");
  return signInThrough(args, "/", (api) =>
    api.call<Session>("/signup", {
      method: "POST",
      body: {
        organization: formString(form, "organization"),
        email: formString(form, "email"),
        password: String(form.get("password") ?? ""),
        ...(name ? { name } : {}),
      },
    }),
  );
}

export default function Signup() {
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const busy = useNavigation().state === "submitting";
  return (
    <AuthCard title="Create your organization">
      <ProblemNotice result={result} />
      <Form method="post" className="form">
        <Field
          label="Organization"
          name="organization"
          required
          maxLength={100}
          error={fieldError(result, "organization")}
        />
        <Field
          label="Your name"
          name="name"
          maxLength={100}
          autoComplete="name"
          error={fieldError(result, "name")}
        />
        <Field
          label="Work email"
          name="email"
          type="email"
          required
          autoComplete="email"
          error={fieldError(result, "email")}
        />
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
          {busy ? "Creating…" : "Create organization"}
        </button>
      </Form>
      <p className="muted">
        Already have an account? <Link to="/login">Sign in</Link>
      </p>
    </AuthCard>
  );
}
