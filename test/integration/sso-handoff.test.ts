/**
 * The SSO handoff to a dashboard on another origin: the callback redirects to `returnTo` with a
 * one-time code, and POST /auth/sso/exchange turns the code into a session. Sign-ins go to a realm
 * of the hostile provider in its honest mode (see sso-connection.test.ts): the shared real provider
 * keeps a single client file, so its key-set counters stay meaningful. The real provider's
 * handoff is covered in sso-login.test.ts.
 */
import { env } from "cloudflare:workers";
import { describe, expect, inject, it } from "vitest";
import { ADMIN_TOKEN, api, type Problem } from "../helpers/api";
import {
  finishSso,
  hostile,
  type SsoTenant,
  signInAtHostileProvider,
  startSso,
  tenantOnHostileRealm,
} from "../helpers/oidc-flow";
import { auditActions, type SessionBody } from "../helpers/sso";

const provider = hostile(inject("oidcHostileOrigin"));
const DASHBOARD = "https://warden.test/dashboard/sso/complete";

const ssoTenant = () => tenantOnHostileRealm(provider, "Handoff", "hana");

/** Start with returnTo → provider → callback; returns where the callback redirected. */
async function signInFor(tenant: SsoTenant, returnTo = `${DASHBOARD}?flow=xyz&step=2`): Promise<URL> {
  const started = await startSso({ tenant: tenant.slug, returnTo });
  expect(started.status).toBe(302);
  const landed = await finishSso(await signInAtHostileProvider(started.location), started.stateCookie);
  expect(landed.status, JSON.stringify(landed.body)).toBe(303);
  expect(landed.headers.get("cache-control")).toBe("no-store");
  return new URL(landed.headers.get("location") ?? "");
}

const exchange = (code: unknown) =>
  api<SessionBody & Problem>("/api/v1/auth/sso/exchange", { body: { code } });

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

describe("the SSO handoff", () => {
  it("redirects with a single-use code, stored only as its hash, that starts a working session", async () => {
    const tenant = await ssoTenant();
    const landed = await signInFor(tenant);
    expect(landed.origin + landed.pathname).toBe(DASHBOARD);
    expect(landed.searchParams.get("flow")).toBe("xyz");
    expect(landed.searchParams.get("step")).toBe("2");
    const code = landed.searchParams.get("code") ?? "";
    expect(code).toMatch(/^[\w-]{43}$/);

    const stored = await env.DB.prepare(
      "SELECT tenant_id, user_id, created_at, expires_at FROM sso_handoffs WHERE code_hash = ?",
    )
      .bind(await sha256Hex(code))
      .first<{ tenant_id: string; user_id: string; created_at: string; expires_at: string }>();
    expect(stored?.tenant_id).toBe(tenant.tenantId);
    expect(Date.parse(stored?.expires_at ?? "") - Date.parse(stored?.created_at ?? "")).toBe(60_000);
    const user = await env.DB.prepare("SELECT id FROM users WHERE email = ?")
      .bind(tenant.email)
      .first<{ id: string }>();
    expect(stored?.user_id).toBe(user?.id);

    const session = await exchange(code);
    expect(session.status).toBe(200);
    expect(session.body.tenant.id).toBe(tenant.tenantId);
    expect(session.body.user).toMatchObject({ id: user?.id, email: tenant.email, sso: true });
    expect(session.body.refreshToken).toMatch(/^wr_/);
    const me = await api<{ user: { email: string } }>("/api/v1/auth/me", { key: session.body.accessToken });
    expect(me.status).toBe(200);
    const refreshed = await api("/api/v1/auth/refresh", {
      body: { refreshToken: session.body.refreshToken },
    });
    expect(refreshed.status).toBe(200);

    const replay = await exchange(code);
    expect(replay.status).toBe(401);
    expect(replay.body.detail).toBe("This sign-in code is unknown or was already used. Sign in again.");
    expect(
      await env.DB.prepare("SELECT COUNT(*) AS n FROM sso_handoffs WHERE tenant_id = ?")
        .bind(tenant.tenantId)
        .first("n"),
    ).toBe(0);
    // The sign-in is audited once, when the session starts.
    expect((await auditActions(tenant.tenantId)).map((a) => a.action)).toEqual([
      "sso.update",
      "user.provision",
      "sso.login",
    ]);
  });

  it("refuses unknown, expired and malformed codes", async () => {
    const unknown = await exchange("A".repeat(43));
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get("content-type")).toContain("application/problem+json");

    const tenant = await ssoTenant();
    const code = (await signInFor(tenant)).searchParams.get("code") ?? "";
    await env.DB.prepare("UPDATE sso_handoffs SET expires_at = ? WHERE code_hash = ?")
      .bind(new Date(Date.now() - 1000).toISOString(), await sha256Hex(code))
      .run();
    const expired = await exchange(code);
    expect(expired.status).toBe(401);
    expect(expired.body.detail).toBe("This sign-in code expired (codes last 60 seconds). Sign in again.");
    // Expired is also used up.
    expect((await exchange(code)).status).toBe(401);

    for (const [body, field] of [
      [{}, "code"],
      [{ code: "" }, "code"],
      [{ code: 42 }, "code"],
      [{ code: "x", extra: true }, "extra"],
    ] as [Record<string, unknown>, string][]) {
      const res = await api<Problem>("/api/v1/auth/sso/exchange", { body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.errors?.map((e) => e.field)).toContain(field);
    }
  });

  it("refuses a code for a suspended tenant (403) or a removed user (401)", async () => {
    const tenant = await ssoTenant();
    const code = (await signInFor(tenant)).searchParams.get("code") ?? "";
    const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const suspend = await api(`/api/v1/admin/tenants/${tenant.tenantId}/suspend`, {
      headers: admin,
      body: { reason: "unpaid" },
    });
    expect(suspend.status).toBe(200);
    const refused = await exchange(code);
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toBe("This organization is suspended.");
    await api(`/api/v1/admin/tenants/${tenant.tenantId}/resume`, { headers: admin, body: {} });

    const again = (await signInFor(tenant)).searchParams.get("code") ?? "";
    const users = await api<{ users: { id: string; email: string }[] }>("/api/v1/users", { key: tenant.key });
    const user = users.body.users.find((u) => u.email === tenant.email);
    expect((await api(`/api/v1/users/${user?.id}`, { method: "DELETE", key: tenant.key })).status).toBe(204);
    expect((await exchange(again)).status).toBe(401);
  });

  it("still answers with the session itself when the sign-in started without returnTo", async () => {
    const tenant = await ssoTenant();
    const started = await startSso({ tenant: tenant.slug });
    const res = await finishSso<SessionBody>(
      await signInAtHostileProvider(started.location),
      started.stateCookie,
    );
    expect(res.status).toBe(200);
    expect(res.body.refreshToken).toMatch(/^wr_/);
    expect(
      await env.DB.prepare("SELECT COUNT(*) AS n FROM sso_handoffs WHERE tenant_id = ?")
        .bind(tenant.tenantId)
        .first("n"),
    ).toBe(0);
  });
});
