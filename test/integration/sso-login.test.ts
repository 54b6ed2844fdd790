/**
 * Every sign-in at the real oidc-provider lives in this file. That provider is one process shared
 * by the whole run, while each test file gets a worker with its own key-set cache; the PKCE test's
 * "key set fetched once" holds only while this file is the provider's only client.
 */
import { env } from "cloudflare:workers";
import { describe, expect, inject, it } from "vitest";
import { api, type Problem } from "../helpers/api";
import { signup } from "../helpers/identity";
import { REAL_CLIENT, UNVERIFIED_PREFIX } from "../helpers/oidc-constants";
import {
  BROWSER_NAVIGATION,
  createSsoTenant,
  finishSso,
  putSso,
  realProviderStats,
  signInAtRealProvider,
  startSso,
  uniqueDomain,
  workerGet,
} from "../helpers/oidc-flow";
import { auditActions, type SessionBody } from "../helpers/sso";

const issuer = inject("oidcIssuer");

type Role = "viewer" | "operator" | "admin";

/** A tenant whose SSO goes to the real oidc-provider, for users at a domain of its own. */
async function realTenant(defaultRole: Role = "operator", domain = uniqueDomain("acme")) {
  const tenant = await createSsoTenant("Real Idp");
  const put = await putSso(tenant.key, {
    issuer,
    clientId: REAL_CLIENT.clientId,
    clientSecret: REAL_CLIENT.clientSecret,
    allowedDomains: [domain],
    defaultRole,
  });
  expect(put.status).toBe(201);
  return { ...tenant, domain };
}

/** Start → the real provider's login and consent pages → callback. */
async function realSignIn<T = SessionBody>(query: Record<string, string>, login: string) {
  const started = await startSso(query);
  expect(started.status).toBe(302);
  const callback = await signInAtRealProvider(started.location, login);
  return { started, callback, result: await finishSso<T>(callback, started.stateCookie) };
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

describe("the SSO connection (admin)", () => {
  it("is managed by admins only: an invited operator and an SSO viewer are refused", async () => {
    const owner = await signup("Sso Roles");
    const put = await putSso(owner.accessToken, {
      issuer,
      clientId: REAL_CLIENT.clientId,
      clientSecret: REAL_CLIENT.clientSecret,
      allowedDomains: [uniqueDomain("roles")],
    });
    expect(put.status).toBe(201);
    const invited = await api<{ token: string }>("/api/v1/users/invitations", {
      key: owner.accessToken,
      body: { email: `op-${crypto.randomUUID().slice(0, 8)}@ssoroles.example`, role: "operator" },
    });
    expect(invited.status).toBe(201);
    const operator = await api<SessionBody>(`/api/v1/invitations/${invited.body.token}/accept`, {
      body: { password: "correct horse battery staple" },
    });
    expect(operator.body.user?.role).toBe("operator");

    const viewers = await realTenant("viewer");
    const viewer = (await realSignIn({ tenant: viewers.slug }, `vic@${viewers.domain}`)).result;
    expect(viewer.body.user.role).toBe("viewer");

    for (const [session, role] of [
      [operator.body, "operator"],
      [viewer.body, "viewer"],
    ] as const) {
      for (const method of ["GET", "PUT", "DELETE"]) {
        const res = await api<Problem>("/api/v1/sso", {
          method,
          key: session.accessToken,
          ...(method === "PUT" ? { body: { issuer, clientId: "x", allowedDomains: ["corp.example"] } } : {}),
        });
        expect(res.status, `${method} as ${role}`).toBe(403);
        expect(res.body.detail).toBe(`This action needs the admin role; you are ${role}.`);
      }
    }
    // The refusals changed nothing.
    expect((await api("/api/v1/sso", { key: owner.accessToken })).body).toEqual(put.body);

    const admins = await realTenant("admin");
    const admin = (await realSignIn({ tenant: admins.slug }, `alan@${admins.domain}`)).result;
    expect(admin.body.user.role).toBe("admin");
    const read = await api("/api/v1/sso", { key: admin.body.accessToken });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      clientSecretSet: true,
      clientSecretLast4: REAL_CLIENT.clientSecret.slice(-4),
    });
  });
});

describe("SSO sign-in against a real OpenID provider", () => {
  it("uses authorization code + PKCE, provisions the user just in time, and signs them in again", async () => {
    const tenant = await realTenant("operator");
    const email = `ada@${tenant.domain}`;

    const started = await startSso({ tenant: tenant.slug });
    expect(started.status).toBe(302);
    const authorize = new URL(started.location);
    expect(authorize.origin + authorize.pathname).toBe(`${issuer}/auth`);
    const params = authorize.searchParams;
    expect(Object.fromEntries(params)).toMatchObject({
      response_type: "code",
      client_id: REAL_CLIENT.clientId,
      redirect_uri: "https://warden.test/api/v1/auth/sso/callback",
      code_challenge_method: "S256",
      scope: "openid email profile",
    });
    const state = params.get("state") ?? "";
    // 32 random bytes each, base64url
    for (const value of [state, params.get("nonce"), params.get("code_challenge")])
      expect(value).toMatch(/^[\w-]{43}$/);
    // The state and nonce are stored only as hashes.
    const stored = await env.DB.prepare(
      "SELECT tenant_id, nonce, code_verifier, expires_at FROM sso_states WHERE state_hash = ?",
    )
      .bind(await sha256Hex(state))
      .first<{ tenant_id: string; nonce: string; code_verifier: string; expires_at: string }>();
    expect(stored?.tenant_id).toBe(tenant.tenantId);
    expect(stored?.nonce).toBe(await sha256Hex(params.get("nonce") ?? ""));
    expect(Date.parse(stored?.expires_at ?? "") - Date.now()).toBeGreaterThan(9 * 60_000);
    expect(Date.parse(stored?.expires_at ?? "") - Date.now()).toBeLessThanOrEqual(10 * 60_000);

    const callback = await signInAtRealProvider(started.location, email);
    expect(new URL(callback).searchParams.get("iss")).toBe(issuer);
    const first = await finishSso<SessionBody>(callback, started.stateCookie);
    expect(first.status).toBe(200);
    expect(first.body.user).toMatchObject({ email, role: "operator", sso: true });
    expect(first.body.tenant).toMatchObject({ id: tenant.tenantId, slug: tenant.slug });
    expect(first.body.refreshToken).toMatch(/^wr_/);
    expect(first.headers.getSetCookie().join("\n")).toMatch(/warden_sso=;/);
    const user = await env.DB.prepare("SELECT tenant_id, role, password_hash FROM users WHERE email = ?")
      .bind(email)
      .first();
    expect(user).toEqual({ tenant_id: tenant.tenantId, role: "operator", password_hash: null });
    expect((await realProviderStats(issuer)).lastTokenAuth).toBe(
      `Basic ${btoa(`${REAL_CLIENT.clientId}:${REAL_CLIENT.clientSecret}`)}`,
    );

    // The session works against the API.
    const tenantView = await api("/api/v1/agents", { key: first.body.accessToken });
    expect(tenantView.status).toBe(200);

    const second = (await realSignIn({ tenant: tenant.slug }, email)).result;
    expect(second.status).toBe(200);
    expect(second.body.user.id).toBe(first.body.user.id);
    expect((await auditActions(tenant.tenantId)).map((a) => a.action)).toEqual([
      "sso.update",
      "user.provision",
      "sso.login",
      "sso.login",
    ]);
    // The provider's key set was fetched once for every sign-in of this run.
    expect((await realProviderStats(issuer)).jwks).toBe(1);
  });

  it("starts from an email whose domain belongs to exactly one organization", async () => {
    const tenant = await realTenant("viewer");
    const email = `bea@${tenant.domain}`;
    const { started, result } = await realSignIn({ email }, email);
    expect(new URL(started.location).searchParams.get("login_hint")).toBe(email);
    expect(result.status).toBe(200);
    expect(result.body.tenant.id).toBe(tenant.tenantId);

    const unknown = await startSso({ email: `bea@${uniqueDomain("nobody")}` });
    expect(unknown.status).toBe(404);
    expect((unknown.body as Problem).detail).toMatch(
      /^An organization that signs in with SSO for nobody-.*\.example was not found\.$/,
    );

    await realTenant("viewer", tenant.domain);
    const ambiguous = await startSso({ email });
    expect(ambiguous.status).toBe(409);
    expect((ambiguous.body as Problem).detail).toMatch(/More than one organization .* start with \?tenant=/);

    const noSso = await startSso({ tenant: (await createSsoTenant("No Sso")).slug });
    expect(noSso.status).toBe(404);
    expect((noSso.body as Problem).detail).toBe("An SSO connection for this organization was not found.");

    for (const query of [{}, { tenant: tenant.slug, email }] as Record<string, string>[]) {
      const res = await startSso(query);
      expect(res.status).toBe(400);
      expect((res.body as Problem).errors?.[0]).toEqual({
        field: "tenant",
        message: "give exactly one of tenant or email",
      });
    }
  });

  it("hands the dashboard that asked with returnTo a one-time code, not a session, and only to the dashboard", async () => {
    const tenant = await realTenant();
    const email = `cy@${tenant.domain}`;
    const returnTo = "https://warden.test/dashboard/sso/complete?flow=f1";
    const started = await startSso({ tenant: tenant.slug, returnTo }, BROWSER_NAVIGATION);
    expect(started.status).toBe(302);
    expect(started.stateCookie).not.toBe("");
    const callback = await signInAtRealProvider(started.location, email);
    const landed = await finishSso(callback, started.stateCookie, BROWSER_NAVIGATION);
    expect(landed.status).toBe(303);
    const location = new URL(landed.headers.get("location") ?? "");
    expect(location.origin + location.pathname).toBe("https://warden.test/dashboard/sso/complete");
    expect(location.searchParams.get("flow")).toBe("f1");
    const code = location.searchParams.get("code") ?? "";
    expect(code).toMatch(/^[\w-]{43}$/);
    // The session is not started here: no refresh cookie, no sign-in audited yet.
    const cookies = landed.headers.getSetCookie().join("\n");
    expect(cookies).not.toMatch(/warden_refresh/);
    expect(cookies).toMatch(/warden_sso=;/);
    expect(landed.body).toBeNull();
    expect((await auditActions(tenant.tenantId)).map((a) => a.action)).toEqual([
      "sso.update",
      "user.provision",
    ]);

    // The dashboard's server trades the code for the session, once.
    const exchanged = await api<SessionBody>("/api/v1/auth/sso/exchange", { body: { code } });
    expect(exchanged.status).toBe(200);
    expect(exchanged.body.user).toMatchObject({ email, sso: true });
    expect(exchanged.body.refreshToken).toMatch(/^wr_/);
    expect((await api("/api/v1/auth/me", { key: exchanged.body.accessToken })).status).toBe(200);
    expect((await api("/api/v1/auth/sso/exchange", { body: { code } })).status).toBe(401);
    expect((await auditActions(tenant.tenantId)).map((a) => a.action)).toEqual([
      "sso.update",
      "user.provision",
      "sso.login",
    ]);

    for (const outside of [
      "https://evil.example/dashboard",
      "https://warden.test.evil.example/",
      "//evil.example/",
      "javascript:alert(1)",
      "https://user:pw@warden.test/",
    ]) {
      const res = await startSso({ tenant: tenant.slug, returnTo: outside });
      expect(res.status, outside).toBe(400);
      expect((res.body as Problem).errors?.[0]).toEqual({
        field: "returnTo",
        message: "must be a URL under https://warden.test/",
      });
    }
  });

  it("refuses an email outside the allowed domains (403) and audits the refusal", async () => {
    const tenant = await realTenant();
    const outsider = `eve@${uniqueDomain("outside")}`;
    const { result } = await realSignIn<Problem>({ tenant: tenant.slug }, outsider);
    expect(result.status).toBe(403);
    expect(result.headers.get("content-type")).toContain("application/problem+json");
    expect(result.body.detail).toBe(
      `The email domain ${outsider.split("@")[1]} is not allowed to sign in to this organization with SSO (allowed: ${tenant.domain}).`,
    );
    expect(await env.DB.prepare("SELECT id FROM users WHERE email = ?").bind(outsider).first()).toBeNull();
    const failed = (await auditActions(tenant.tenantId)).filter((a) => a.action === "sso.login_failed");
    expect(failed).toHaveLength(1);
    expect(failed[0]?.reason).toBe(result.body.detail);
  });

  it("refuses an email the provider has not verified (403)", async () => {
    const tenant = await realTenant();
    const { result } = await realSignIn<Problem>(
      { tenant: tenant.slug },
      `${UNVERIFIED_PREFIX}dan@${tenant.domain}`,
    );
    expect(result.status).toBe(403);
    expect(result.body.detail).toBe(
      `The identity provider has not verified the email address dan@${tenant.domain}.`,
    );
  });

  it("refuses an email that already belongs to another organization (409)", async () => {
    const home = await realTenant();
    const email = `gus@${home.domain}`;
    expect((await realSignIn({ tenant: home.slug }, email)).result.status).toBe(200);
    const other = await realTenant("viewer", home.domain);
    const { result } = await realSignIn<Problem>({ tenant: other.slug }, email);
    expect(result.status).toBe(409);
    expect(result.body.detail).toMatch(
      new RegExp(
        `^The email ${email.replace(/\./g, "\\.")} already belongs to an account in another organization`,
      ),
    );
    const owner = await env.DB.prepare("SELECT tenant_id FROM users WHERE email = ?").bind(email).first();
    expect(owner).toEqual({ tenant_id: home.tenantId });
  });

  it("refuses a replayed state, a missing state, a foreign browser, an expired state and a provider error (401)", async () => {
    const tenant = await realTenant();
    const started = await startSso({ tenant: tenant.slug });
    const callback = await signInAtRealProvider(started.location, `hal@${tenant.domain}`);

    // Without the state cookie (another browser): refused, and the sign-in stays usable.
    const foreign = await finishSso<Problem>(callback, null);
    expect(foreign.status).toBe(401);
    expect(foreign.body.detail).toMatch(/^This sign-in was not started in this browser/);
    const wrongCookie = await finishSso<Problem>(callback, "x".repeat(43));
    expect(wrongCookie.status).toBe(401);

    expect((await finishSso(callback, started.stateCookie)).status).toBe(200);
    const replay = await finishSso<Problem>(callback, started.stateCookie);
    expect(replay.status).toBe(401);
    expect(replay.body.detail).toBe(
      "This sign-in state is unknown or was already used. Start the sign-in again.",
    );

    const withoutState = new URL(callback);
    withoutState.searchParams.delete("state");
    const missing = await finishSso<Problem>(withoutState.href, started.stateCookie);
    expect(missing.status).toBe(401);
    expect(missing.body.detail).toBe(
      "The callback carries no state, so it cannot be tied to a sign-in. Start again.",
    );

    const late = await startSso({ tenant: tenant.slug });
    const lateState = new URL(late.location).searchParams.get("state") ?? "";
    await env.DB.prepare("UPDATE sso_states SET expires_at = ? WHERE state_hash = ?")
      .bind(new Date(Date.now() - 1000).toISOString(), await sha256Hex(lateState))
      .run();
    const lateCallback = await signInAtRealProvider(late.location, `hal@${tenant.domain}`);
    const expired = await finishSso<Problem>(lateCallback, late.stateCookie);
    expect(expired.status).toBe(401);
    expect(expired.body.detail).toBe("This sign-in took longer than 10 minutes and expired. Start it again.");

    const denied = await startSso({ tenant: tenant.slug });
    const deniedState = new URL(denied.location).searchParams.get("state") ?? "";
    const error = await workerGet<Problem>(
      `/api/v1/auth/sso/callback?${new URLSearchParams({ state: deniedState, error: "access_denied", error_description: "User cancelled" })}`,
      { cookie: `warden_sso=${denied.stateCookie}` },
    );
    expect(error.status).toBe(401);
    expect(error.body.detail).toBe(
      "The identity provider refused the sign-in: access_denied (User cancelled).",
    );

    // RFC 9207 mix-up defence: a response naming another issuer is refused before any code exchange.
    const mixed = await startSso({ tenant: tenant.slug });
    const mixedState = new URL(mixed.location).searchParams.get("state") ?? "";
    const mixUp = await workerGet<Problem>(
      `/api/v1/auth/sso/callback?${new URLSearchParams({ state: mixedState, code: "abc", iss: "https://other.example" })}`,
      { cookie: `warden_sso=${mixed.stateCookie}` },
    );
    expect(mixUp.status).toBe(401);
    expect(mixUp.body.detail).toBe(
      `The authorization response comes from https://other.example, not from this organization's issuer ${issuer}.`,
    );
  });
});
