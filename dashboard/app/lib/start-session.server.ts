import { type AppLoadContext, json, redirect } from "@remix-run/cloudflare";
import type { Session } from "../../../shared/schemas/identity";
import type { ActionResult } from "../components/problem-notice";
import { type Api, ApiError } from "./api.server";
import { anonymousApi, storeSession } from "./auth.server";
import { commitSession, readSession } from "./session.server";

type Args = { request: Request; context: AppLoadContext };

/** After login, signup, SSO or an accepted invitation: keep the API session and go on. */
export async function startDashboardSession(args: Args, s: Session, next: string) {
  const env = args.context.cloudflare.env;
  const session = await readSession(env, args.request);
  session.unset("ssoFlow");
  // A fresh CSRF token per sign-in: a token seen before login is worthless after it.
  session.unset("csrf");
  storeSession(session, s);
  return redirect(next, { headers: { "Set-Cookie": await commitSession(env, args.request, session) } });
}

/**
 * The signed-out forms (login, signup, invitation): call the API anonymously for a session and
 * sign in with it, or show the API's problem (wrong password, taken email…) on the form.
 */
export async function signInThrough(args: Args, next: string, call: (api: Api) => Promise<Session>) {
  try {
    return await startDashboardSession(args, await call(anonymousApi(args)), next);
  } catch (err) {
    if (err instanceof ApiError) return json<ActionResult>({ problem: err.problem }, { status: err.status });
    throw err;
  }
}
