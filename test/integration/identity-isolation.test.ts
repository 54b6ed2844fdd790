import { beforeAll, describe, expect, it } from "vitest";
import { api, createAgent } from "../helpers/api";
import { type SignedUp, signup } from "../helpers/identity";
import { addKey, addUser } from "../helpers/roles";

/**
 * Users, sessions and keys of tenant A try every identity resource of tenant B by id. Each gets
 * 404 (never 403: another tenant's ids must not even be confirmed to exist), and B's data stays.
 */
let a: SignedUp;
let aKey: string;
let b: SignedUp;
const ofB = { user: "", key: "", keySecret: "", invitation: "", agent: "", task: "" };

beforeAll(async () => {
  [a, b] = await Promise.all([signup("Isolated A"), signup("Isolated B")]);
  aKey = (await addKey(a, ["admin"])).key;
  ofB.user = (await addUser(b, "operator")).id;
  const key = await addKey(b, ["tasks:read", "agents:read"]);
  ofB.key = key.id;
  ofB.keySecret = key.key;
  const inv = await api<{ invitation: { id: string } }>("/api/v1/users/invitations", {
    headers: { authorization: `Bearer ${b.accessToken}` },
    body: { email: "pending@isolated-b.example", role: "viewer" },
  });
  ofB.invitation = inv.body.invitation.id;
  ofB.agent = await createAgent((await addKey(b, ["agents:write"])).key, {
    name: "b-agent",
    simulation: { successRate: 1, latencyMs: 1 },
  });
  const task = await api<{ id: string }>("/api/v1/tasks", {
    headers: { authorization: `Bearer ${b.accessToken}` },
    body: { impact: 0.5, urgency: 0.5, risk: 0 },
  });
  ofB.task = task.body.id;
  const sso = await api("/api/v1/sso", {
    method: "PUT",
    headers: { authorization: `Bearer ${b.accessToken}` },
    body: {
      issuer: "https://idp.isolated-b.example",
      clientId: "b-client",
      clientSecret: "b-client-secret-value",
      allowedDomains: ["isolated-b.example"],
      defaultRole: "viewer",
    },
  });
  expect([200, 201]).toContain(sso.status);
});

const attempts = () =>
  [
    ["GET", `/api/v1/agents/${ofB.agent}`],
    ["PATCH", `/api/v1/agents/${ofB.agent}`, { name: "taken" }],
    ["GET", `/api/v1/tasks/${ofB.task}`],
    ["POST", `/api/v1/tasks/${ofB.task}/cancel`, {}],
    ["PATCH", `/api/v1/users/${ofB.user}`, { role: "viewer" }],
    ["DELETE", `/api/v1/users/${ofB.user}`],
    ["DELETE", `/api/v1/users/invitations/${ofB.invitation}`],
    ["POST", `/api/v1/api-keys/${ofB.key}/rotate`, {}],
    ["DELETE", `/api/v1/api-keys/${ofB.key}`],
  ] as const;

describe("identity isolation", () => {
  for (const who of ["a user session", "an admin key"] as const) {
    it(`${who} of tenant A gets 404 on tenant B's users, invitations, keys, agents and tasks`, async () => {
      const auth = who === "a user session" ? a.accessToken : aKey;
      const statuses = [];
      for (const [method, path, body] of attempts()) {
        const res = await api(path, {
          method,
          headers: { authorization: `Bearer ${auth}` },
          ...(body ? { body } : {}),
        });
        statuses.push(`${method} ${path.replace(/[a-z]{3}_[0-9a-z]{26}/, "<id of B>")} → ${res.status}`);
      }
      expect(statuses.filter((s) => !s.endsWith("404"))).toEqual([]);
    });
  }

  it("tenant A sees only its own SSO connection, users, keys and audit rows", async () => {
    const as = { authorization: `Bearer ${a.accessToken}` };
    expect((await api("/api/v1/sso", { headers: as })).status).toBe(404);
    const users = await api<{ users: { id: string }[] }>("/api/v1/users", { headers: as });
    expect(users.body.users.map((u) => u.id)).toEqual([a.userId]);
    const keys = await api<{ apiKeys: { id: string }[] }>("/api/v1/api-keys", { headers: as });
    expect(keys.body.apiKeys.map((k) => k.id)).not.toContain(ofB.key);
    const audit = await api<{ entries?: unknown[]; items?: unknown[] }>(`/api/v1/audit?target=${ofB.user}`, {
      headers: as,
    });
    expect(audit.status).toBe(200);
    expect(JSON.stringify(audit.body)).not.toContain(ofB.user);
  });

  it("tenant B's data is untouched", async () => {
    const as = { authorization: `Bearer ${b.accessToken}` };
    const users = await api<{ users: { id: string; role: string }[] }>("/api/v1/users", { headers: as });
    expect(users.body.users.find((u) => u.id === ofB.user)?.role).toBe("operator");
    expect((await api("/api/v1/tasks", { key: ofB.keySecret })).status).toBe(200);
    const inv = await api<{ invitations: { id: string }[] }>("/api/v1/users/invitations", { headers: as });
    expect(inv.body.invitations.map((i) => i.id)).toEqual([ofB.invitation]);
    const agent = await api<{ name: string }>(`/api/v1/agents/${ofB.agent}`, { key: ofB.keySecret });
    expect(agent.body.name).toBe("b-agent");
    expect((await api("/api/v1/sso", { headers: as })).status).toBe(200);
  });
});
