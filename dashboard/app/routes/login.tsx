import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import type { Session } from "../../../shared/schemas/identity";
import { AuthCard } from "../components/auth-card";
import { Field } from "../components/field";
import { type ActionResult, fieldError, ProblemNotice } from "../components/problem-notice";
import { formString } from "../lib/actions.server";
import { safeNext } from "../lib/safe-next";
import { signInThrough } from "../lib/start-session.server";

export const meta: MetaFunction = () => [{ title: "Sign in · Warden" }];

export async function loader(_: LoaderFunctionArgs) {
  return null;
}

export async function action(args: ActionFunctionArgs) {
  const form = await args.request.formData();
  const next = safeNext(formString(form, "next"));
  return signInThrough(args, next, (api) =>
    api.call<Session>("/auth/login", {
      method: "POST",
      body: { email: formString(form, "email"), password: String(form.get("password") ?? "") },
    }),
  );
}

export default function Login() {
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const ssoError = params.get("sso_error");
  return (
    <AuthCard title="Sign in">
      {ssoError && (
        <div className="notice error" role="alert">
          SSO sign-in failed: {ssoError}
        </div>
      )}
      <ProblemNotice result={result} />
      <Form method="post" className="form">
        <input type="hidden" name="next" value={params.get("next") ?? "/"} />
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="username"
          required
          error={fieldError(result, "email")}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={fieldError(result, "password")}
        />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </Form>
      <hr />
      <Form method="get" action="/sso/start" className="form" aria-labelledby="sso-heading">
        <h2 id="sso-heading">Sign in with SSO</h2>
        <Field
          label="Work email or organization slug"
          name="who"
          required
          placeholder="you@company.com or acme"
        />
        <button type="submit">Sign in with SSO</button>
      </Form>
      <p className="muted">
        New to Warden? <Link to="/signup">Create an organization</Link>
      </p>
    </AuthCard>
  );
}
