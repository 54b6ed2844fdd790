import type { MiddlewareHandler } from "hono";
import { secretsEqual } from "../auth/timing-safe";
import type { AppEnv } from "../context";

export const FORWARDED_ADDRESS = "x-warden-client-address";
export const DASHBOARD_KEY_HEADER = "x-warden-dashboard-key";

/**
 * The caller's address, for the login throttle and the audit log. The dashboard's server signs
 * users in on their behalf, so every dashboard login would otherwise come from one address and
 * twenty typos anywhere would lock everyone out. It forwards the browser's address, which is
 * believed only next to the secret the dashboard and the API share (`WARDEN_DASHBOARD_KEY`).
 */
export const clientAddress: MiddlewareHandler<AppEnv> = async (c, next) => {
  let address = c.req.header("cf-connecting-ip") ?? c.req.header("x-real-ip") ?? null;
  const forwarded = c.req.header(FORWARDED_ADDRESS);
  const key = c.req.header(DASHBOARD_KEY_HEADER);
  const expected = c.env.WARDEN_DASHBOARD_KEY;
  if (forwarded && key && expected && forwarded.length <= 64 && (await secretsEqual(key, expected)))
    address = forwarded;
  c.set("clientAddress", address);
  await next();
};
