import { type AppLoadContext, json, redirect } from "@remix-run/cloudflare";
import type { Session } from "../../../shared/schemas/identity";
import { type Api, ApiError, apiClient, callerFacts } from "./api.server";
import { csrfMatches, newCsrfToken } from "./csrf.server";
import { apiOrigin } from "./env.server";
import {
  commitSession,
  type DashboardSession,
  destroySession,
  readSession,
  type SessionData,
} from "./session.server";

interface Args {
  request: Request;
  context: AppLoadContext;
}

export interface Signed {
  api: Api;
  session: DashboardSession;
  user: SessionData["user"];
  tenant: SessionData["tenant"];
  csrf: string;
  /** Headers every response of this request must carry (a refreshed session cookie). */
  headers: Headers;
}

/** Refresh a little before expiry so a page's parallel loaders never race an expired token. */
const REFRESH_MARGIN_MS = 60_000;

/**
 * One refresh per refresh token, shared by the loaders of one navigation: Remix runs them in
 * parallel, and the API treats a second use of a rotated refresh token as theft.
 */
const inflight = new Map<string, Promise<Session>>();

function refreshOnce(api: Api, refreshToken: string): Promise<Session> {
  let pending = inflight.get(refreshToken);
  if (!pending) {
    pending = api.call<Session>("/auth/refresh", { method: "POST", body: { refreshToken } });
    inflight.set(refreshToken, pending);
    setTimeout(() => inflight.delete(refreshToken), 30_000);
  }
  return pending;
}

/** Put an API session into the dashboard's cookie. */
export function storeSession(session: DashboardSession, s: Session): void {
  session.set("accessToken", s.accessToken);
  session.set("accessExpiresAt", Date.now() + s.expiresIn * 1000);
  if (s.refreshToken) session.set("refreshToken", s.refreshToken);
  session.set("user", { id: s.user.id, email: s.user.email, name: s.user.name, role: s.user.role });
  session.set("tenant", s.tenant);
  if (!session.get("csrf")) session.set("csrf", newCsrfToken());
}

async function signedOut(args: Args, session: DashboardSession): Promise<never> {
  const url = new URL(args.request.url);
  const next = url.pathname + url.search;
  throw redirect(`/login${next && next !== "/" ? `?next=${encodeURIComponent(next)}` : ""}`, {
    headers: { "Set-Cookie": await destroySession(args.context.cloudflare.env, args.request, session) },
  });
}

/** The signed-in user, or a redirect to /login. Refreshes the access token when it is about to expire. */
export async function requireUser(args: Args): Promise<Signed> {
  const env = args.context.cloudflare.env;
  const session = await readSession(env, args.request);
  const headers = new Headers();
  const refreshToken = session.get("refreshToken");
  const user = session.get("user");
  const tenant = session.get("tenant");
  if (!refreshToken || !user || !tenant) return signedOut(args, session);
  const caller = callerFacts(args.request, env.WARDEN_DASHBOARD_KEY);

  let accessToken = session.get("accessToken") ?? "";
  if ((session.get("accessExpiresAt") ?? 0) - Date.now() < REFRESH_MARGIN_MS) {
    try {
      storeSession(session, await refreshOnce(apiClient(apiOrigin(env), undefined, caller), refreshToken));
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return signedOut(args, session);
      throw err;
    }
    accessToken = session.get("accessToken") ?? "";
    headers.append("Set-Cookie", await commitSession(env, args.request, session));
  }
  const base = apiClient(apiOrigin(env), accessToken, caller);
  // A revoked session (logout elsewhere, user removed) answers 401: back to the login page.
  const call: Api["call"] = async (path, init) => {
    try {
      return await base.call(path, init);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return signedOut(args, session);
      throw err;
    }
  };
  return {
    api: { ...base, call, get: (path, query) => call(path, { query }) },
    session,
    user: session.get("user") ?? user,
    tenant: session.get("tenant") ?? tenant,
    csrf: session.get("csrf") ?? "",
    headers,
  };
}

/**
 * For actions: the signed-in user plus the submitted form, after checking the form's CSRF token.
 */
export async function requireAction(args: Args): Promise<Signed & { form: FormData }> {
  const signed = await requireUser(args);
  const form = await args.request.formData();
  if (!csrfMatches(signed.session, form))
    throw json(
      {
        type: "about:blank",
        title: "Forbidden",
        status: 403,
        detail: "The form's security token is missing or stale. Reload the page and try again.",
      },
      { status: 403 },
    );
  return { ...signed, form };
}

export function anonymousApi(args: Args): Api {
  const env = args.context.cloudflare.env;
  return apiClient(apiOrigin(env), undefined, callerFacts(args.request, env.WARDEN_DASHBOARD_KEY));
}
