import { type LoaderFunctionArgs, redirect } from "@remix-run/cloudflare";
import { anonymousApi } from "../lib/auth.server";
import { newCsrfToken } from "../lib/csrf.server";
import { apiOrigin } from "../lib/env.server";
import { commitSession, readSession } from "../lib/session.server";

/**
 * Starts "Sign in with SSO". The browser must visit the API's start itself (the API ties the
 * sign-in to a cookie on its own origin), so the dashboard first asks the API whether the
 * organization can sign in with SSO at all, to show a readable error here instead of JSON there.
 */
export async function loader(args: LoaderFunctionArgs) {
  const env = args.context.cloudflare.env;
  const url = new URL(args.request.url);
  const who = (url.searchParams.get("who") ?? "").trim();
  if (!who)
    return redirect(`/login?sso_error=${encodeURIComponent("enter your work email or organization slug")}`);

  const session = await readSession(env, args.request);
  const flow = newCsrfToken();
  session.set("ssoFlow", flow);
  const returnTo = `${url.origin}/sso/complete?flow=${encodeURIComponent(flow)}`;
  const query = { [who.includes("@") ? "email" : "tenant"]: who, returnTo };

  const probe = await anonymousApi(args).raw("/auth/sso/start", { query });
  if (probe.status !== 302) {
    let detail = `the API answered ${probe.status}`;
    try {
      detail = ((await probe.json()) as { detail?: string }).detail ?? detail;
    } catch {
      // keep the status
    }
    return redirect(`/login?sso_error=${encodeURIComponent(detail)}`);
  }
  const start = new URL(`${apiOrigin(env)}/api/v1/auth/sso/start`);
  for (const [k, v] of Object.entries(query)) start.searchParams.set(k, v);
  return redirect(start.toString(), {
    headers: { "Set-Cookie": await commitSession(env, args.request, session) },
  });
}
