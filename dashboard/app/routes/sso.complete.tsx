import { type LoaderFunctionArgs, redirect } from "@remix-run/cloudflare";
import type { Session } from "../../../shared/schemas/identity";
import { ApiError } from "../lib/api.server";
import { anonymousApi } from "../lib/auth.server";
import { readSession } from "../lib/session.server";
import { startDashboardSession } from "../lib/start-session.server";

const fail = (why: string) => redirect(`/login?sso_error=${encodeURIComponent(why)}`);

/**
 * Where the API sends the browser back with a one-time code. The `flow` must be the one this
 * browser started: otherwise a link carrying someone else's code would sign this browser in as them.
 */
export async function loader(args: LoaderFunctionArgs) {
  const url = new URL(args.request.url);
  const session = await readSession(args.context.cloudflare.env, args.request);
  const flow = url.searchParams.get("flow");
  const code = url.searchParams.get("code");
  if (!flow || flow !== session.get("ssoFlow")) return fail("this sign-in was not started in this browser");
  if (!code) return fail("the identity provider did not complete the sign-in");
  try {
    const s = await anonymousApi(args).call<Session>("/auth/sso/exchange", {
      method: "POST",
      body: { code },
    });
    return startDashboardSession(args, s, "/");
  } catch (err) {
    if (err instanceof ApiError) return fail(err.problem.detail || err.problem.title);
    throw err;
  }
}
