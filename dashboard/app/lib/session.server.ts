import { createCookieSessionStorage, type Session } from "@remix-run/cloudflare";
import type { Role } from "../../../shared/roles";
import type { DashboardEnv } from "./env.server";

/** What the dashboard keeps for a signed-in user: the API's tokens, never shown to scripts. */
export interface SessionData {
  accessToken: string;
  /** Epoch ms at which the access token expires. */
  accessExpiresAt: number;
  refreshToken: string;
  csrf: string;
  user: { id: string; email: string; name: string | null; role: Role };
  tenant: { id: string; name: string; slug: string };
  /** The SSO sign-in this browser started, so a callback link from someone else's is refused. */
  ssoFlow?: string;
}
export type DashboardSession = Session<Partial<SessionData>>;

const storages = new Map<string, ReturnType<typeof createCookieSessionStorage<Partial<SessionData>>>>();

/**
 * httpOnly (scripts never see the tokens), SameSite=Lax (the SSO return is a cross-site top-level
 * navigation, so Strict would drop it; writes are CSRF-checked anyway), Secure on https.
 */
export function sessionStorage(env: DashboardEnv, request: Request) {
  const secrets = (env.DASHBOARD_SESSION_SECRETS ?? "").split(",").filter(Boolean);
  if (secrets.length === 0)
    throw new Error("DASHBOARD_SESSION_SECRETS is not set (npm start writes it to dashboard/.dev.vars)");
  const secure = new URL(request.url).protocol === "https:";
  const key = `${secure}:${secrets.join(",")}`;
  let storage = storages.get(key);
  if (!storage) {
    storage = createCookieSessionStorage<Partial<SessionData>>({
      cookie: {
        name: "warden_session",
        httpOnly: true,
        sameSite: "lax",
        secure,
        path: "/",
        secrets,
        // The refresh token lives 30 days; the cookie never outlives it.
        maxAge: 30 * 24 * 3600,
      },
    });
    storages.set(key, storage);
  }
  return storage;
}

export async function readSession(env: DashboardEnv, request: Request): Promise<DashboardSession> {
  return sessionStorage(env, request).getSession(request.headers.get("Cookie"));
}

export async function commitSession(env: DashboardEnv, request: Request, session: DashboardSession) {
  return sessionStorage(env, request).commitSession(session);
}

export async function destroySession(env: DashboardEnv, request: Request, session: DashboardSession) {
  return sessionStorage(env, request).destroySession(session);
}
