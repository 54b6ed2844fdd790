import { ADMIN_TOKEN, type ApiResponse, api } from "./api";
import { CALLBACK_URL, type HostileMode, type HostileRealm, type ProviderStats } from "./oidc-constants";

/** The cookie that binds a started SSO sign-in to the browser that started it. */
export const STATE_COOKIE = "warden_sso";

/** Headers a browser adds to a top-level navigation; the worker treats such callers as browsers. */
export const BROWSER_NAVIGATION = { "sec-fetch-mode": "navigate", "sec-fetch-site": "cross-site" };

export interface SsoTenant {
  tenantId: string;
  slug: string;
  /** An API key with every scope, `admin` included. */
  key: string;
}

let tenants = 0;

export async function createSsoTenant(name = "Sso Org"): Promise<SsoTenant> {
  tenants += 1;
  const res = await api<{ tenant: { id: string; slug: string }; apiKey: string }>("/api/v1/admin/tenants", {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    body: { name: `${name} ${tenants}` },
  });
  if (res.status !== 201)
    throw new Error(`tenant creation failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { tenantId: res.body.tenant.id, slug: res.body.tenant.slug, key: res.body.apiKey };
}

/** A domain no other test uses, so `?email=` lookups are never ambiguous by accident. */
export function uniqueDomain(label: string): string {
  return `${label}-${crypto.randomUUID().slice(0, 8)}.example`;
}

export interface ConnectionInput {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  allowedDomains: string[];
  defaultRole?: "viewer" | "operator" | "admin";
}

export function putSso(key: string, connection: ConnectionInput) {
  return api<Record<string, unknown>>("/api/v1/sso", { method: "PUT", key, body: connection });
}

/** Just enough of a browser's cookie store for a provider's login pages: name, value, path. */
export class CookieJar {
  private readonly cookies = new Map<string, { name: string; value: string; path: string }>();

  store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";").map((s) => s.trim());
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      let path = "/";
      let expired = value === "";
      for (const attr of attributes) {
        const [k = "", v = ""] = attr.split("=");
        if (k.toLowerCase() === "path") path = v;
        if (k.toLowerCase() === "expires" && Date.parse(v) <= Date.now()) expired = true;
        if (k.toLowerCase() === "max-age" && Number(v) <= 0) expired = true;
      }
      if (expired) this.cookies.delete(`${name}@${path}`);
      else this.cookies.set(`${name}@${path}`, { name, value, path });
    }
  }

  header(url: string): string {
    const path = new URL(url).pathname;
    return [...this.cookies.values()]
      .filter((c) => path.startsWith(c.path))
      .map((c) => `${c.name}=${c.value}`)
      .join("; ");
  }
}

export interface StartedSignIn {
  status: number;
  /** The provider's authorization URL the worker redirected to. */
  location: string;
  /** The state cookie's value, to present at the callback. */
  stateCookie: string;
  body: unknown;
}

/**
 * A GET to the worker that, like a browser's view of one hop, does not follow redirects (the
 * worker's fetcher would otherwise follow them back into the worker itself).
 */
export function workerGet<T = Record<string, unknown>>(
  path: string,
  headers: Record<string, string> = {},
): Promise<ApiResponse<T>> {
  return api<T>(path, { headers, redirect: "manual" });
}

export async function startSso(
  query: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<StartedSignIn> {
  const res = await workerGet(`/api/v1/auth/sso/start?${new URLSearchParams(query)}`, headers);
  const cookie = res.headers
    .getSetCookie()
    .map((line) => line.split(";")[0] ?? "")
    .find((pair) => pair.startsWith(`${STATE_COOKIE}=`));
  return {
    status: res.status,
    location: res.headers.get("location") ?? "",
    stateCookie: cookie?.slice(STATE_COOKIE.length + 1) ?? "",
    body: res.body,
  };
}

async function go(jar: CookieJar, url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const cookie = jar.header(url);
  if (cookie) headers.set("cookie", cookie);
  const res = await fetch(url, { ...init, headers, redirect: "manual" });
  jar.store(res);
  return res;
}

/**
 * Signs in at the real oidc-provider as `login` through its own login and consent pages, and
 * returns the callback URL the provider redirects the browser to.
 */
export async function signInAtRealProvider(authorizationUrl: string, login: string): Promise<string> {
  const jar = new CookieJar();
  let url = authorizationUrl;
  for (let step = 0; step < 12; step++) {
    let res = await go(jar, url);
    if (res.status === 200) {
      const page = await res.text();
      const prompt = /name="prompt" value="(\w+)"/.exec(page)?.[1];
      if (prompt !== "login" && prompt !== "consent") throw new Error(`unexpected provider page at ${url}`);
      const form =
        prompt === "login"
          ? new URLSearchParams({ prompt, login, password: "anything" })
          : new URLSearchParams({ prompt });
      res = await go(jar, url, {
        method: "POST",
        body: form,
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
    }
    const location = res.headers.get("location");
    if (res.status < 300 || res.status >= 400 || !location)
      throw new Error(`provider answered ${res.status} at ${url}: ${await res.text()}`);
    await res.body?.cancel();
    url = new URL(location, url).href;
    if (url.startsWith(CALLBACK_URL)) return url;
  }
  throw new Error("the provider never redirected back to the callback");
}

/** The hostile provider authorizes at once: one redirect straight back with a code. */
export async function signInAtHostileProvider(authorizationUrl: string): Promise<string> {
  const res = await fetch(authorizationUrl, { redirect: "manual" });
  await res.body?.cancel();
  const location = res.headers.get("location");
  if (res.status !== 302 || !location?.startsWith(CALLBACK_URL))
    throw new Error(`hostile provider answered ${res.status} (${location})`);
  return location;
}

/** Delivers the provider's redirect to the worker, with the state cookie a browser would send. */
export function finishSso<T = Record<string, unknown>>(
  callbackUrl: string,
  stateCookie: string | null,
  headers: Record<string, string> = {},
): Promise<ApiResponse<T>> {
  const url = new URL(callbackUrl);
  return workerGet<T>(url.pathname + url.search, {
    ...headers,
    ...(stateCookie !== null ? { cookie: `${STATE_COOKIE}=${stateCookie}` } : {}),
  });
}

/** Test control of the hostile provider. */
export function hostile(origin: string) {
  const call = async <T>(path: string, body?: unknown): Promise<T> => {
    const res = await fetch(origin + path, {
      method: body === undefined ? "GET" : "POST",
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`hostile provider ${path}: ${res.status} ${await res.text()}`);
    return res.json<T>();
  };
  const base = (realm: HostileRealm) => new URL(realm.issuer).pathname;
  return {
    createRealm: (email?: string) => call<HostileRealm>("/realms", { email }),
    setMode: (realm: HostileRealm, mode: HostileMode) => call(`${base(realm)}/mode`, { mode }),
    rotate: (realm: HostileRealm) => call<{ kid: string }>(`${base(realm)}/rotate`, {}),
    stats: (realm: HostileRealm) => call<ProviderStats>(`${base(realm)}/stats`),
  };
}

export async function realProviderStats(issuer: string): Promise<ProviderStats> {
  const res = await fetch(`${issuer}/__stats`);
  return res.json<ProviderStats>();
}

/** A tenant whose SSO connection points at a fresh realm of the hostile provider, with one user's email. */
export async function tenantOnHostileRealm(
  provider: ReturnType<typeof hostile>,
  name: string,
  user: string,
): Promise<SsoTenant & { realm: HostileRealm; email: string }> {
  const tenant = await createSsoTenant(name);
  const domain = uniqueDomain(user);
  const email = `${user}@${domain}`;
  const realm = await provider.createRealm(email);
  const put = await putSso(tenant.key, {
    issuer: realm.issuer,
    clientId: realm.clientId,
    clientSecret: realm.clientSecret,
    allowedDomains: [domain],
  });
  if (put.status !== 201) throw new Error(`PUT /sso answered ${put.status}`);
  return { ...tenant, realm, email };
}
