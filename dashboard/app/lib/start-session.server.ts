import { type AppLoadContext, redirect } from "@remix-run/cloudflare";
import type { Session } from "../../../shared/schemas/identity";
import { storeSession } from "./auth.server";
import { commitSession, readSession } from "./session.server";

/** After login, signup, SSO or an accepted invitation: keep the API session and go on. */
export async function startDashboardSession(
  args: { request: Request; context: AppLoadContext },
  s: Session,
  next: string,
) {
  const env = args.context.cloudflare.env;
  const session = await readSession(env, args.request);
  session.unset("ssoFlow");
  // A fresh CSRF token per sign-in: a token seen before login is worthless after it.
  session.unset("csrf");
  storeSession(session, s);
  return redirect(next, { headers: { "Set-Cookie": await commitSession(env, args.request, session) } });
}
