import type { Env } from "./env";

/**
 * Loopback http is allowed only when the deployment says so (`.dev.vars` for `npm start`, the test
 * bindings): production never sets it, so production only ever calls public https URLs.
 */
export function allowLocalUrls(env: Pick<Env, "WARDEN_ALLOW_LOCAL_URLS">): boolean {
  return env.WARDEN_ALLOW_LOCAL_URLS === "true";
}
