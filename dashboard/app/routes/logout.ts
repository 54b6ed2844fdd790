import { type ActionFunctionArgs, redirect } from "@remix-run/cloudflare";
import { anonymousApi } from "../lib/auth.server";
import { csrfMatches } from "../lib/csrf.server";
import { destroySession, readSession } from "../lib/session.server";

/** Ends the session at the API (revoking its refresh family and live sockets), then here. */
export async function action(args: ActionFunctionArgs) {
  const env = args.context.cloudflare.env;
  const session = await readSession(env, args.request);
  const form = await args.request.formData();
  if (!csrfMatches(session, form)) return redirect("/");
  const refreshToken = session.get("refreshToken");
  if (refreshToken)
    await anonymousApi(args)
      .call("/auth/logout", { method: "POST", body: { refreshToken } })
      .catch(() => undefined);
  return redirect("/login", { headers: { "Set-Cookie": await destroySession(env, args.request, session) } });
}

export const loader = () => redirect("/");
