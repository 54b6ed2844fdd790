/**
 * SSO tests that need no sign-in at the shared real provider: the connection's admin API, providers
 * that cannot be used, and ID tokens forged by the hostile provider. Each hostile test gets a realm
 * (issuer, keys, counters) of its own, so these assertions hold whatever else the run does.
 */
import { env } from "cloudflare:workers";
import { describe, expect, inject, it } from "vitest";
import { openSecret } from "../../worker/auth/secret-box";
import { api, type Problem } from "../helpers/api";
import type { HostileMode } from "../helpers/oidc-constants";
import {
  createSsoTenant,
  finishSso,
  hostile,
  putSso,
  type SsoTenant,
  signInAtHostileProvider,
  startSso,
  tenantOnHostileRealm,
  uniqueDomain,
} from "../helpers/oidc-flow";
import { auditActions, type SessionBody } from "../helpers/sso";

const issuer = inject("oidcIssuer");
const evil = hostile(inject("oidcHostileOrigin"));

/** A tenant whose SSO goes to a fresh realm of the hostile provider. */
const hostileTenant = () => tenantOnHostileRealm(evil, "Hostile Idp", "mallory");

async function hostileSignIn<T = SessionBody>(tenant: SsoTenant) {
  const started = await startSso({ tenant: tenant.slug });
  expect(started.status).toBe(302);
  const callback = await signInAtHostileProvider(started.location);
  return finishSso<T>(callback, started.stateCookie);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the SSO connection (admin)", () => {
  it("is set, read and removed by an admin; the secret is sealed at rest and never returned", async () => {
    const tenant = await createSsoTenant();
    const domain = uniqueDomain("corp");
    const secret = "s3cr3t-value-with-enough-length-WXYZ";
    const created = await putSso(tenant.key, {
      issuer,
      clientId: "warden-app",
      clientSecret: secret,
      allowedDomains: [domain, domain.toUpperCase()],
      defaultRole: "viewer",
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      issuer,
      clientId: "warden-app",
      clientSecretSet: true,
      clientSecretLast4: "WXYZ",
      allowedDomains: [domain],
      defaultRole: "viewer",
      redirectUri: "https://warden.test/api/v1/auth/sso/callback",
    });
    expect(JSON.stringify(created.body)).not.toContain(secret.slice(0, 20));

    const row = await env.DB.prepare("SELECT client_secret_enc FROM sso_connections WHERE tenant_id = ?")
      .bind(tenant.tenantId)
      .first<{ client_secret_enc: string }>();
    expect(row?.client_secret_enc).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{40,}$/);
    expect(row?.client_secret_enc).not.toContain(secret);
    expect(await openSecret(env.WARDEN_ENCRYPTION_KEY, row?.client_secret_enc ?? "", tenant.tenantId)).toBe(
      secret,
    );
    // Bound to its tenant: the same ciphertext pasted into another tenant's row does not open.
    await expect(
      openSecret(env.WARDEN_ENCRYPTION_KEY, row?.client_secret_enc ?? "", "ten_other"),
    ).rejects.toThrow(/does not decrypt/);

    const read = await api(`/api/v1/sso`, { key: tenant.key });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
    expect(JSON.stringify(read.body)).not.toContain(secret.slice(0, 20));

    // Omitting the secret keeps the stored one.
    const updated = await putSso(tenant.key, {
      issuer,
      clientId: "warden-app",
      allowedDomains: [domain],
      defaultRole: "admin",
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ defaultRole: "admin", clientSecretLast4: "WXYZ" });
    const after = await env.DB.prepare("SELECT client_secret_enc FROM sso_connections WHERE tenant_id = ?")
      .bind(tenant.tenantId)
      .first<{ client_secret_enc: string }>();
    expect(after?.client_secret_enc).toBe(row?.client_secret_enc);

    expect((await api("/api/v1/sso", { method: "DELETE", key: tenant.key })).status).toBe(204);
    const gone = await api<Problem>("/api/v1/sso", { key: tenant.key });
    expect(gone.status).toBe(404);
    expect(gone.body.detail).toBe("The SSO connection was not found.");
    expect((await api("/api/v1/sso", { method: "DELETE", key: tenant.key })).status).toBe(404);

    const audit = await auditActions(tenant.tenantId);
    expect(audit.map((a) => a.action)).toEqual(["sso.update", "sso.update", "sso.delete"]);
    expect(JSON.stringify(audit)).not.toContain(secret.slice(0, 20));
    expect(JSON.parse(audit[1]?.after ?? "{}")).toMatchObject({
      defaultRole: "admin",
      clientSecretChanged: false,
    });
  });

  it("validates the issuer, the domains, the role and the secret", async () => {
    const tenant = await createSsoTenant();
    const valid = {
      issuer: "https://login.corp.example",
      clientId: "app",
      clientSecret: "a-secret",
      allowedDomains: ["corp.example"],
    };
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ issuer: "http://login.corp.example" }, "issuer", /^must be an https URL$/],
      [{ issuer: "ftp://login.corp.example" }, "issuer", /https URL/],
      [{ issuer: "https://login.corp.example/?tenant=1" }, "issuer", /query, fragment or credentials/],
      [{ issuer: "not a url" }, "issuer", /absolute URL/],
      [{ allowedDomains: ["corp.example", "not a domain"] }, "allowedDomains[1]", /domain name/],
      [{ allowedDomains: ["@corp.example"] }, "allowedDomains[0]", /domain name/],
      [{ allowedDomains: [] }, "allowedDomains", /at least one/],
      [{ defaultRole: "owner" }, "defaultRole", /./],
      [{ clientSecret: undefined }, "clientSecret", /required when creating/],
      [{ extra: true }, "extra", /unknown field/],
    ];
    for (const [change, field, message] of cases) {
      const res = await api<Problem>("/api/v1/sso", {
        method: "PUT",
        key: tenant.key,
        body: { ...valid, ...change },
      });
      expect(res.status, JSON.stringify(change)).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      const error = res.body.errors?.find((e) => e.field === field);
      expect(error?.message, `${field} in ${JSON.stringify(res.body)}`).toMatch(message);
    }
    // Plain http is allowed to a provider on this machine, because WARDEN_ENV is "test".
    const local = await putSso(tenant.key, { ...valid, issuer: "http://localhost:9/idp" });
    expect(local.status).toBe(201);
  });
});

describe("SSO sign-in against a real OpenID provider", () => {
  it("answers a provider that cannot be used with a 502 problem, not a 500", async () => {
    const down = await createSsoTenant("Down Idp");
    const unreachable = inject("agentServerUnreachableOrigin");
    const put = await putSso(down.key, {
      issuer: unreachable,
      clientId: "c",
      clientSecret: "s",
      allowedDomains: [uniqueDomain("down")],
    });
    expect(put.status).toBe(201);
    const res = await startSso({ tenant: down.slug });
    expect(res.status).toBe(502);
    expect((res.body as Problem).detail).toBe(
      `The identity provider's discovery document at ${unreachable}/.well-known/openid-configuration could not be reached.`,
    );

    // The discovery document must name exactly the configured issuer (here: one without the trailing slash).
    const realm = await evil.createRealm();
    const mismatched = await createSsoTenant("Mismatched Idp");
    await putSso(mismatched.key, {
      issuer: `${realm.issuer}/`,
      clientId: realm.clientId,
      clientSecret: realm.clientSecret,
      allowedDomains: [uniqueDomain("mismatch")],
    });
    const named = await startSso({ tenant: mismatched.slug });
    expect(named.status).toBe(502);
    expect((named.body as Problem).detail).toBe(
      `The discovery document at ${realm.issuer}/.well-known/openid-configuration names issuer "${realm.issuer}", not ${realm.issuer}/.`,
    );
  });

  it("is described in the OpenAPI document", async () => {
    const doc = await api<{ paths: Record<string, Record<string, unknown>> }>("/api/v1/openapi.json");
    expect(Object.keys(doc.body.paths["/sso"] ?? {}).sort()).toEqual(["delete", "get", "put"]);
    expect(Object.keys(doc.body.paths["/auth/sso/start"] ?? {})).toEqual(["get"]);
    expect(Object.keys(doc.body.paths["/auth/sso/callback"] ?? {})).toEqual(["get"]);
  });
});

describe("ID-token verification against a hostile provider", () => {
  it("accepts an honest token sent with client_secret_basic and a PKCE verifier", async () => {
    const tenant = await hostileTenant();
    const res = await hostileSignIn(tenant);
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ email: tenant.email, role: "viewer", sso: true });
    const stats = await evil.stats(tenant.realm);
    expect(stats.lastTokenAuth).toBe(
      `Basic ${btoa(`${tenant.realm.clientId}:${tenant.realm.clientSecret}`)}`,
    );
  });

  const rejections: [HostileMode, RegExp][] = [
    [
      "wrong-issuer",
      /^The ID token was issued by "https:\/\/impostor\.example", not by this connection's issuer "http:\/\/127\.0\.0\.1:\d+\/r\/\w+"\.$/,
    ],
    [
      "wrong-audience",
      /^The ID token is for audience "some-other-client", not this connection's client id "client-\w+"\.$/,
    ],
    ["expired", /^The ID token expired at \d{4}-\d\d-\d\dT[\d:.]+Z\.$/],
    ["wrong-nonce", /^The ID token's nonce does not match the one this sign-in started with\.$/],
    ["alg-none", /^The ID token is unsigned \(`alg: none`\); it is refused\.$/],
    [
      "hs256-public-key",
      /^The ID token is signed with "HS256"; only RS256, PS256, ES256, EdDSA are accepted\.$/,
    ],
    [
      "unknown-kid",
      /^The ID token is signed with a key \(kid "rogue-\w+"\) that is not in the identity provider's key set\.$/,
    ],
    ["no-email", /^The ID token carries no usable `email` claim/],
  ];

  for (const [mode, detail] of rejections) {
    it(`refuses a token with ${mode} (401)`, async () => {
      const tenant = await hostileTenant();
      await evil.setMode(tenant.realm, mode);
      const res = await hostileSignIn<Problem>(tenant);
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(res.body.detail).toMatch(detail);
      expect(
        await env.DB.prepare("SELECT id FROM users WHERE email = ?").bind(tenant.email).first(),
      ).toBeNull();
      expect((await auditActions(tenant.tenantId)).map((a) => a.action)).toEqual([
        "sso.update",
        "sso.login_failed",
      ]);
    });
  }

  it("fetches the key set once across sign-ins and again when an unknown kid appears", async () => {
    const tenant = await hostileTenant();
    expect((await hostileSignIn(tenant)).status).toBe(200);
    expect((await hostileSignIn(tenant)).status).toBe(200);
    expect(await evil.stats(tenant.realm)).toMatchObject({ discovery: 1, jwks: 1, token: 2 });

    // The provider rotates its key: the first token with the new kid makes the worker refetch.
    // (Refetches are at most one a second, which the pause respects.)
    await sleep(1_100);
    await evil.rotate(tenant.realm);
    expect((await hostileSignIn(tenant)).status).toBe(200);
    expect((await evil.stats(tenant.realm)).jwks).toBe(2);
    expect((await hostileSignIn(tenant)).status).toBe(200);
    expect((await evil.stats(tenant.realm)).jwks).toBe(2);

    // A kid the provider never published: refetched once more, then refused.
    await sleep(1_100);
    await evil.setMode(tenant.realm, "unknown-kid");
    const res = await hostileSignIn<Problem>(tenant);
    expect(res.status).toBe(401);
    expect(res.body.detail).toMatch(/not in the identity provider's key set/);
    expect((await evil.stats(tenant.realm)).jwks).toBe(3);
  });
});
