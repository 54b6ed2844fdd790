import { json } from "@remix-run/cloudflare";
import type { Role } from "../../../../shared/roles";
import { roleMay } from "../../../../shared/route-policy";

/**
 * A page whose only API route the user's role may not call answers 403 at once, with a problem
 * the error boundary shows, instead of asking the API to refuse it.
 */
export function requireMay(role: Role, route: string, what: string): void {
  if (roleMay(role, route)) return;
  throw json(
    {
      type: "about:blank",
      title: "Forbidden",
      status: 403,
      detail: `Your role (${role}) cannot view ${what}.`,
    },
    { status: 403 },
  );
}
