import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

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
 * saved credentials no longer work, the tenant is created again. Then the platform admin makes it
 * the demo tenant: its hub registers the six agents and plays (or holds) the story at `speed`.
 */
export async function ensureDemoTenant(origin, adminToken, statePath, { speed = 5, autoplay = true } = {}) {
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
  // The hub registers the cast and plays the story (shared/demo); this only says how.
  const story = await api(origin, `/api/v1/admin/tenants/${demo.tenantId}/demo`, {
    method: "PUT",
    token: adminToken,
    body: { speed, autoplay },
  });
  if (story.status !== 200) throw new Error(`could not start the demo story: ${JSON.stringify(story.body)}`);
  return { ...demo, story: story.body };
}
