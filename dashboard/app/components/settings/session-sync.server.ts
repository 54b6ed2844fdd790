import type { AppLoadContext } from "@remix-run/cloudflare";
import type { Role } from "../../../../shared/roles";
import type { Signed } from "../../lib/auth.server";
import { commitSession } from "../../lib/session.server";

interface Args {
  request: Request;
  context: AppLoadContext;
}

/**
 * The shell shows the user's role and the organization's name from the session cookie: after
 * changing either here, the cookie is rewritten so the next page does not show the old one.
 */
export async function syncSession(
  args: Args,
  signed: Signed,
  change: { role?: Role; tenantName?: string },
): Promise<void> {
  if (change.role) signed.session.set("user", { ...signed.user, role: change.role });
  if (change.tenantName) signed.session.set("tenant", { ...signed.tenant, name: change.tenantName });
  // `set`, not `append`: this cookie carries everything an earlier refresh in this request wrote.
  signed.headers.set(
    "Set-Cookie",
    await commitSession(args.context.cloudflare.env, args.request, signed.session),
  );
}
