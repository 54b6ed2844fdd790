import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/** Six simulated agents of different reliability: what `npm start` shows governance acting on. */
export const DEMO_AGENTS = [
  {
    name: "atlas",
    note: "excellent",
    capabilities: ["general", "code"],
    simulation: { successRate: 0.98, latencyMs: 40, seed: 11 },
  },
  {
    name: "beacon",
    note: "good",
    capabilities: ["general", "research"],
    simulation: { successRate: 0.92, latencyMs: 70, seed: 22 },
  },
  {
    name: "cipher",
    note: "good",
    capabilities: ["general", "code"],
    simulation: { successRate: 0.9, latencyMs: 60, rateLimitRate: 0.02, seed: 33 },
  },
  {
    name: "dune",
    note: "mediocre",
    capabilities: ["general"],
    simulation: { successRate: 0.72, latencyMs: 120, timeoutRate: 0.04, seed: 44 },
  },
  {
    name: "ember",
    note: "degrades after 100 tasks",
    capabilities: ["general", "research"],
    simulation: { successRate: 0.95, latencyMs: 50, degradeAfter: 100, degradedSuccessRate: 0.25, seed: 55 },
  },
  {
    name: "fault",
    note: "fails hard",
    capabilities: ["general"],
    simulation: { successRate: 0.1, latencyMs: 30, timeoutRate: 0.2, seed: 66 },
  },
];

async function api(origin, path, { method = "GET", token, body } = {}) {
  const res = await fetch(origin + path, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { "content-type": "application/json" } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

const DEMO_EMAIL = "owner@demo.example.com";

/**
 * Creates the demo tenant once, the way a user would: self-service signup for its owner, then an
 * API key made with the owner's session. Both secrets are kept next to the local state (only
 * their hashes are in the database, so they cannot be read back). If the state was wiped, or the
 * saved credentials no longer work, the tenant is created again.
 */
export async function ensureDemoTenant(origin, _adminToken, statePath) {
  let demo = existsSync(statePath) ? JSON.parse(readFileSync(statePath, "utf8")) : null;
  if (
    demo &&
    (!demo.ownerPassword || (await api(origin, "/api/v1/agents", { token: demo.apiKey })).status !== 200)
  )
    demo = null;
  if (!demo) {
    const ownerPassword = `demo-${randomBytes(9).toString("base64url")}`;
    let email = DEMO_EMAIL;
    const signUp = () =>
      api(origin, "/api/v1/signup", {
        method: "POST",
        body: { organization: "Demo", email, password: ownerPassword, name: "Demo Owner" },
      });
    let signup = await signUp();
    if (signup.status === 409) {
      // The local database still has an owner from an earlier demo whose password is lost.
      email = `owner+${Date.now().toString(36)}@demo.example.com`;
      signup = await signUp();
    }
    if (signup.status !== 201)
      throw new Error(`could not sign up the demo tenant: ${JSON.stringify(signup.body)}`);
    const key = await api(origin, "/api/v1/api-keys", {
      method: "POST",
      token: signup.body.accessToken,
      body: {
        name: "Demo key",
        scopes: ["tasks:read", "tasks:write", "agents:read", "agents:write", "events:read", "admin"],
      },
    });
    if (key.status !== 201) throw new Error(`could not create the demo API key: ${JSON.stringify(key.body)}`);
    demo = {
      tenantId: signup.body.tenant.id,
      slug: signup.body.tenant.slug,
      ownerEmail: email,
      ownerPassword,
      apiKey: key.body.key,
    };
    mkdirSync(dirname(statePath), { recursive: true });
    writeFileSync(statePath, JSON.stringify(demo, null, 2), { mode: 0o600 });
  }
  const existing = (await api(origin, "/api/v1/agents", { token: demo.apiKey })).body.agents.map(
    (a) => a.name,
  );
  for (const agent of DEMO_AGENTS) {
    if (existing.includes(agent.name)) continue;
    const res = await api(origin, "/api/v1/agents", {
      method: "POST",
      token: demo.apiKey,
      body: {
        name: agent.name,
        kind: "simulated",
        capabilities: agent.capabilities,
        maxConcurrency: 8,
        simulation: agent.simulation,
      },
    });
    if (res.status !== 201) throw new Error(`could not register ${agent.name}: ${JSON.stringify(res.body)}`);
  }
  return demo;
}
