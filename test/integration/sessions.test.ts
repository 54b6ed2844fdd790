import { env } from "cloudflare:workers";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { api, type Problem } from "../helpers/api";
import { login, signup } from "../helpers/identity";

interface SessionBody {
  accessToken: string;
  refreshToken?: string;
  expiresIn: number;
  user: { id: string; email: string; role: string };
  tenant: { id: string; slug: string };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe("signup", () => {
  it("creates a tenant and its owner, signs the owner in, and derives a unique slug", async () => {
    const first = await api<SessionBody>("/api/v1/signup", {
      body: {
        organization: "Zephyr Robotics, Inc.",
        email: "Ada@Zephyr.example",
        password: "a long enough password",
      },
    });
    expect(first.status).toBe(201);
    expect(first.body.user).toMatchObject({ email: "ada@zephyr.example", role: "owner" });
    expect(first.body.tenant.slug).toBe("zephyr-robotics-inc");
    expect(first.body.expiresIn).toBe(900);
    expect(first.body.refreshToken).toMatch(/^wr_/);

    const me = await api<{ user: { id: string; role: string }; tenant: { id: string } }>("/api/v1/auth/me", {
      headers: bearer(first.body.accessToken),
    });
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ id: first.body.user.id, role: "owner" });
    expect(me.body.tenant.id).toBe(first.body.tenant.id);

    const second = await api<SessionBody>("/api/v1/signup", {
      body: {
        organization: "Zephyr Robotics Inc",
        email: "bob@zephyr.example",
        password: "a long enough password",
      },
    });
    expect(second.status).toBe(201);
    expect(second.body.tenant.slug).toBe("zephyr-robotics-inc-2");

    // The owner's password is stored as PBKDF2, never in the clear.
    const row = await env.DB.prepare("SELECT password_hash FROM users WHERE id = ?")
      .bind(first.body.user.id)
      .first<{ password_hash: string }>();
    expect(row?.password_hash).toMatch(/^pbkdf2-sha256\$100000\$/);
    expect(row?.password_hash).not.toContain("a long enough password");
  });

  it("refuses a taken email (in any tenant), a short password and a malformed email, naming the field", async () => {
    const owner = await signup("Taken Co");
    const dup = await api<Problem>("/api/v1/signup", {
      body: { organization: "Other", email: owner.email.toUpperCase(), password: "another long password" },
    });
    expect(dup.status).toBe(409);
    expect(dup.body.errors?.[0]?.field).toBe("email");

    const short = await api<Problem>("/api/v1/signup", {
      body: { organization: "Other", email: "short@other.example", password: "too-short" },
    });
    expect(short.status).toBe(400);
    expect(short.headers.get("content-type")).toContain("application/problem+json");
    expect(short.body.errors?.map((e) => e.field)).toEqual(["password"]);

    const bad = await api<Problem>("/api/v1/signup", {
      body: { organization: "Other", email: "not-an-email", password: "a long enough password" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.map((e) => e.field)).toEqual(["email"]);
  });
});

describe("sessions", () => {
  it("logs in, refreshes with rotation, and logs out", async () => {
    const owner = await signup("Rotate Co");
    const wrong = await login(owner.email, "not the password at all");
    expect(wrong.status).toBe(401);

    const session = await login(owner.email, owner.password);
    expect(session.status).toBe(200);
    const refreshed = await api<SessionBody>("/api/v1/auth/refresh", {
      body: { refreshToken: session.body.refreshToken },
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refreshToken).not.toBe(session.body.refreshToken);
    expect((await api("/api/v1/auth/me", { headers: bearer(refreshed.body.accessToken) })).status).toBe(200);

    const out = await api("/api/v1/auth/logout", { body: { refreshToken: refreshed.body.refreshToken } });
    expect(out.status).toBe(204);
    // The family is gone: its refresh token and its access tokens stop working at once.
    expect(
      (await api("/api/v1/auth/refresh", { body: { refreshToken: refreshed.body.refreshToken } })).status,
    ).toBe(401);
    expect((await api("/api/v1/auth/me", { headers: bearer(refreshed.body.accessToken) })).status).toBe(401);
    // Another login of the same user is a separate family and unaffected.
    expect((await api("/api/v1/auth/me", { headers: bearer(owner.accessToken) })).status).toBe(200);
  });

  it("reusing a refresh token revokes its whole family", async () => {
    const owner = await signup("Reuse Co");
    const first = await api<SessionBody>("/api/v1/auth/refresh", {
      body: { refreshToken: owner.refreshToken },
    });
    expect(first.status).toBe(200);
    const second = await api<SessionBody>("/api/v1/auth/refresh", {
      body: { refreshToken: first.body.refreshToken },
    });
    expect(second.status).toBe(200);

    // An attacker replays the first token: refused, and every token of that login dies.
    const replay = await api<Problem>("/api/v1/auth/refresh", { body: { refreshToken: owner.refreshToken } });
    expect(replay.status).toBe(401);
    expect(replay.body.detail).toMatch(/already used/);
    expect(
      (await api("/api/v1/auth/refresh", { body: { refreshToken: second.body.refreshToken } })).status,
    ).toBe(401);
    expect((await api("/api/v1/auth/me", { headers: bearer(second.body.accessToken) })).status).toBe(401);
  });

  it("gives browsers the refresh token only as an httpOnly SameSite cookie", async () => {
    const owner = await signup("Cookie Co");
    const browser = { "sec-fetch-site": "same-origin", "sec-fetch-mode": "cors" };
    const res = await api<SessionBody>("/api/v1/auth/login", {
      body: { email: owner.email, password: owner.password },
      headers: browser,
    });
    expect(res.status).toBe(200);
    expect(res.body.refreshToken).toBeUndefined();
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^warden_refresh=wr_/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\/api\/v1\/auth/);

    const value = cookie.split(";")[0] ?? "";
    const refreshed = await api<SessionBody>("/api/v1/auth/refresh", {
      method: "POST",
      headers: { ...browser, cookie: value },
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refreshToken).toBeUndefined();
    expect(refreshed.headers.get("set-cookie")).not.toContain(value);
  });

  it("treats a server-side fetch (Sec-Fetch-Mode without Sec-Fetch-Site) as an API caller", async () => {
    // Node's fetch sends `Sec-Fetch-Mode: cors`; the dashboard's server must still get its token.
    const owner = await signup("Server Fetch Co");
    const res = await api<SessionBody>("/api/v1/auth/login", {
      body: { email: owner.email, password: owner.password },
      headers: { "sec-fetch-mode": "cors" },
    });
    expect(res.status).toBe(200);
    expect(res.body.refreshToken).toMatch(/^wr_/);
    expect(res.headers.get("set-cookie")).toBeNull();
  });

  it("accepts access tokens signed with an older session key (kid), and nothing unsigned or forged", async () => {
    const owner = await signup("Kid Co");
    const [, older] = env.WARDEN_SESSION_KEYS.split(",");
    const [kid, secret] = (older ?? "").split(":");
    const key = Uint8Array.from(atob((secret ?? "").replace(/-/g, "+").replace(/_/g, "/")), (ch) =>
      ch.charCodeAt(0),
    );
    const sid = (
      await env.DB.prepare("SELECT family_id FROM refresh_tokens WHERE user_id = ?")
        .bind(owner.userId)
        .first<{ family_id: string }>()
    )?.family_id;
    const claims = { tid: owner.tenantId, role: "owner", sid };
    const signed = (k: Uint8Array, header: { alg: string; kid?: string }) =>
      new SignJWT(claims)
        .setProtectedHeader(header)
        .setSubject(owner.userId)
        .setIssuer("warden")
        .setAudience("warden-api")
        .setIssuedAt()
        .setExpirationTime("5m")
        .sign(k);
    expect(
      (await api("/api/v1/auth/me", { headers: bearer(await signed(key, { alg: "HS256", kid })) })).status,
    ).toBe(200);
    const forged = await signed(crypto.getRandomValues(new Uint8Array(32)), { alg: "HS256", kid });
    expect((await api("/api/v1/auth/me", { headers: bearer(forged) })).status).toBe(401);
    const unknownKid = await signed(key, { alg: "HS256", kid: "nope" });
    expect((await api("/api/v1/auth/me", { headers: bearer(unknownKid) })).status).toBe(401);
    const [h, p] = (await signed(key, { alg: "HS256", kid })).split(".");
    const none = `${btoa(JSON.stringify({ alg: "none", kid })).replace(/=+$/, "")}.${p}.`;
    expect((await api("/api/v1/auth/me", { headers: bearer(`${none}x`) })).status).toBe(401);
    void h;
  });
});

describe("login throttling", () => {
  it("slows and then locks an account after repeated failures; a success resets the count", async () => {
    const owner = await signup("Throttle Co");
    for (let i = 0; i < 4; i++) expect((await login(owner.email, "wrong password!")).status).toBe(401);
    // A success before the limit resets the account's count…
    expect((await login(owner.email, owner.password)).status).toBe(200);
    const started = Date.now();
    for (let i = 0; i < 4; i++) expect((await login(owner.email, "wrong password!")).status).toBe(401);
    // …and failures 3 and 4 of the new run were held back (250 ms, then 500 ms).
    expect(Date.now() - started).toBeGreaterThanOrEqual(700);
    expect((await login(owner.email, "wrong password!")).status).toBe(401);
    const locked = await login(owner.email, owner.password);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(locked.headers.get("content-type")).toContain("application/problem+json");
  });

  it("locks an address that fails across many accounts, not other addresses", async () => {
    const victim = await signup("Spray Co");
    const from = (ip: string, email: string, password: string) =>
      api("/api/v1/auth/login", { body: { email, password }, headers: { "cf-connecting-ip": ip } });
    for (let i = 0; i < 20; i++)
      expect((await from("203.0.113.9", `nobody-${i}@spray.example`, "guess guess guess")).status).toBe(401);
    const blocked = await from("203.0.113.9", victim.email, victim.password);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get("retry-after")).not.toBeNull();
    expect((await from("198.51.100.7", victim.email, victim.password)).status).toBe(200);
  });
});
