import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { generateApiKey } from "../../worker/auth/api-keys";
import { api, type Problem, waitFor } from "../helpers/api";
import { signup } from "../helpers/identity";

const as = (token: string) => ({ authorization: `Bearer ${token}` });

interface Created {
  apiKey: {
    id: string;
    prefix: string;
    scopes: string[];
    status: string;
    expiresAt: string | null;
    lastUsedAt: string | null;
  };
  key: string;
  previous?: { id: string; status: string; expiresAt: string };
}

async function create(token: string, body: Record<string, unknown>) {
  return api<Created>("/api/v1/api-keys", { headers: as(token), body });
}

describe("API keys", () => {
  it("are shown once, stored hashed, scoped per route, and record their last use", async () => {
    const owner = await signup("Keys Co");
    const res = await create(owner.accessToken, { name: "ci", scopes: ["tasks:read"] });
    expect(res.status).toBe(201);
    expect(res.body.key).toMatch(/^wk_live_[0-9A-Za-z]{38}$/);
    expect(res.body.key.startsWith(res.body.apiKey.prefix)).toBe(true);

    const stored = await env.DB.prepare("SELECT * FROM api_keys WHERE id = ?")
      .bind(res.body.apiKey.id)
      .first();
    expect(JSON.stringify(stored)).not.toContain(res.body.key);

    expect((await api("/api/v1/tasks", { key: res.body.key })).status).toBe(200);
    const missing = await api<Problem>("/api/v1/agents", { key: res.body.key });
    expect(missing.status).toBe(403);
    expect(missing.body.detail).toContain("agents:read");

    const listed = await waitFor(
      async () => {
        const list = await api<{ apiKeys: Created["apiKey"][] }>("/api/v1/api-keys", {
          headers: as(owner.accessToken),
        });
        const mine = list.body.apiKeys.find((k) => k.id === res.body.apiKey.id);
        return mine?.lastUsedAt ? { list, mine } : undefined;
      },
      { what: "lastUsedAt" },
    );
    expect(JSON.stringify(listed.list.body)).not.toContain(res.body.key);
    expect(listed.mine.status).toBe("active");
  });

  it("rotation issues a new key and keeps the old one working for the grace period", async () => {
    const owner = await signup("Rotate Keys");
    const first = await create(owner.accessToken, { name: "svc", scopes: ["tasks:read"] });
    const rotated = await api<Created>(`/api/v1/api-keys/${first.body.apiKey.id}/rotate`, {
      method: "POST",
      headers: as(owner.accessToken),
    });
    expect(rotated.status).toBe(201);
    expect(rotated.body.key).not.toBe(first.body.key);
    expect(rotated.body.apiKey.scopes).toEqual(["tasks:read"]);
    const graceEnds = Date.parse(rotated.body.previous?.expiresAt ?? "");
    expect(Math.abs(graceEnds - (Date.now() + 24 * 3600_000))).toBeLessThan(60_000);
    expect(rotated.body.previous?.status).toBe("expiring");
    // Both work during the grace period.
    expect((await api("/api/v1/tasks", { key: first.body.key })).status).toBe(200);
    expect((await api("/api/v1/tasks", { key: rotated.body.key })).status).toBe(200);
    // A rotated key cannot be rotated again.
    expect(
      (
        await api(`/api/v1/api-keys/${first.body.apiKey.id}/rotate`, {
          method: "POST",
          headers: as(owner.accessToken),
        })
      ).status,
    ).toBe(409);

    // With no grace, the old key stops at once.
    const now = await api<Created>(`/api/v1/api-keys/${rotated.body.apiKey.id}/rotate`, {
      headers: as(owner.accessToken),
      body: { gracePeriodSeconds: 0 },
    });
    expect(now.status).toBe(201);
    expect((await api("/api/v1/tasks", { key: rotated.body.key })).status).toBe(401);
    expect((await api("/api/v1/tasks", { key: now.body.key })).status).toBe(200);
  });

  it("revoked and expired keys get 401", async () => {
    const owner = await signup("Revoke Keys");
    const doomed = await create(owner.accessToken, { name: "doomed", scopes: ["tasks:read"] });
    expect(
      (
        await api(`/api/v1/api-keys/${doomed.body.apiKey.id}`, {
          method: "DELETE",
          headers: as(owner.accessToken),
        })
      ).status,
    ).toBe(204);
    expect((await api("/api/v1/tasks", { key: doomed.body.key })).status).toBe(401);

    const brief = await create(owner.accessToken, {
      name: "brief",
      scopes: ["tasks:read"],
      expiresAt: new Date(Date.now() + 1500).toISOString(),
    });
    expect(brief.status).toBe(201);
    expect((await api("/api/v1/tasks", { key: brief.body.key })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1700));
    expect((await api("/api/v1/tasks", { key: brief.body.key })).status).toBe(401);
  });

  it("a mistyped key fails its checksum offline, with its own message", async () => {
    const owner = await signup("Typo Keys");
    const { body } = await create(owner.accessToken, { name: "typo", scopes: ["tasks:read"] });
    const i = 12;
    const typo = body.key.slice(0, i) + (body.key[i] === "a" ? "b" : "a") + body.key.slice(i + 1);
    const res = await api<Problem>("/api/v1/tasks", { key: typo });
    expect(res.status).toBe(401);
    expect(res.body.detail).toMatch(/checksum/);
    // A well-formed key that simply does not exist is told apart: only that one is looked up.
    const unknown = await api<Problem>("/api/v1/tasks", { key: generateApiKey() });
    expect(unknown.status).toBe(401);
    expect(unknown.body.detail).toMatch(/unknown/);
  });

  it("rejects bad input naming the field", async () => {
    const owner = await signup("Bad Keys");
    const past = await create(owner.accessToken, {
      name: "x",
      scopes: ["tasks:read"],
      expiresAt: "2020-01-01T00:00:00Z",
    });
    expect(past.status).toBe(400);
    expect((past.body as unknown as Problem).errors?.map((e) => e.field)).toEqual(["expiresAt"]);
    const scope = await create(owner.accessToken, { name: "x", scopes: ["tasks:read", "root"] });
    expect(scope.status).toBe(400);
    expect((scope.body as unknown as Problem).errors?.map((e) => e.field)).toEqual(["scopes[1]"]);
  });
});
