import { type ActionFunctionArgs, json } from "@remix-run/cloudflare";
import { loadOr } from "../lib/actions.server";
import { requireUser } from "../lib/auth.server";
import { apiOrigin } from "../lib/env.server";

/**
 * The browser cannot hold the user's token (it lives in the httpOnly cookie), so the page asks
 * here for a single-use WebSocket ticket and connects to the API with it directly.
 * Cross-site posts are refused before Remix runs (functions/[[path]].ts).
 */
export async function action(args: ActionFunctionArgs) {
  const signed = await requireUser(args);
  const issued = await loadOr(() => signed.api.call<{ url: string }>("/ws/tickets", { method: "POST" }));
  const origin = apiOrigin(args.context.cloudflare.env).replace(/^http/, "ws");
  return json({ url: origin + issued.url }, { headers: signed.headers });
}
