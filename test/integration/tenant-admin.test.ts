import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { TENANT_TABLES } from "../../worker/delete-tenant";
import { type AdminTenant, adminHeaders, listedTenant } from "../helpers/admin";
import { api, createAgent, createTenant, type Problem, waitFor } from "../helpers/api";
import { type SignedUp, signup } from "../helpers/identity";

const month = () => new Date().toISOString().slice(0, 7);

interface TenantBody {
  id: string;
  name: string;
  slug: string;
  status: string;
  settings: { rateLimits: Record<"perKey" | "perTenant", { burst: number; perSecond: number }> };
  usage: { month: string; tasksSubmitted: number; tasksExecuted: number; apiCalls: number; agents: number };
}

function task(externalId: string) {
  return { impact: 0.5, urgency: 0.5, risk: 0.1, capabilities: ["general"], externalId };
}

async function keyFor(owner: SignedUp): Promise<string> {
  const res = await api<{ key: string }>("/api/v1/api-keys", {
    key: owner.accessToken,
    body: { name: "automation", scopes: ["admin"] },
  });
  expect(res.status).toBe(201);
  return res.body.key;
}

function hub(tenantId: string) {
  return env.TENANT_HUB.get(env.TENANT_HUB.idFromName(tenantId));
}

async function auditRows(tenantId: string, action: string) {
  const { results } = await env.DB.prepare(
    `SELECT actor_type, actor_id, reason, before, after FROM audit_log WHERE tenant_id = ? AND action = ? ORDER BY seq`,
  )
    .bind(tenantId, action)
    .all<{
      actor_type: string;
      actor_id: string | null;
      reason: string | null;
      before: string;
      after: string;
    }>();
  return results;
}

async function taskCounts(key: string) {
  const res = await api<{ tasks: Record<string, number> }>("/api/v1/governance/state", { key });
  return res.body.tasks;
}

describe("GET and PATCH /tenant", () => {
  let owner: SignedUp;
  let key: string;

  beforeAll(async () => {
    owner = await signup("Tenant Admin Co");
    key = await keyFor(owner);
  });

  it("shows the tenant with default settings and this month's usage", async () => {
    const res = await api<TenantBody>("/api/v1/tenant", { key: owner.accessToken });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: owner.tenantId,
      name: "Tenant Admin Co",
      slug: owner.slug,
      status: "active",
      settings: {
        rateLimits: {
          perKey: { burst: 2000, perSecond: 200 },
          perTenant: { burst: 10000, perSecond: 1000 },
        },
      },
      usage: { month: month(), tasksSubmitted: 0, tasksExecuted: 0, agents: 0 },
    });
    // The key's creation and this read.
    expect(res.body.usage.apiCalls).toBe(2);
  });

  it("renames and merges settings field by field, audited as tenant.update", async () => {
    const first = await api<TenantBody>("/api/v1/tenant", {
      key: owner.accessToken,
      method: "PATCH",
      body: { name: "Renamed Co", settings: { rateLimits: { perKey: { burst: 3000 } } } },
    });
    expect(first.status).toBe(200);
    expect(first.body.name).toBe("Renamed Co");
    expect(first.body.settings.rateLimits).toEqual({
      perKey: { burst: 3000, perSecond: 200 },
      perTenant: { burst: 10000, perSecond: 1000 },
    });

    const second = await api<TenantBody>("/api/v1/tenant", {
      key,
      method: "PATCH",
      body: { settings: { rateLimits: { perKey: { perSecond: 300 } } } },
    });
    expect(second.status).toBe(200);
    expect(second.body.settings.rateLimits.perKey).toEqual({ burst: 3000, perSecond: 300 });

    const read = await api<TenantBody>("/api/v1/tenant", { key });
    expect(read.body.name).toBe("Renamed Co");
    expect(read.body.slug).toBe(owner.slug);
    expect(read.body.settings.rateLimits.perKey).toEqual({ burst: 3000, perSecond: 300 });

    const rows = await auditRows(owner.tenantId, "tenant.update");
    expect(rows).toHaveLength(2);
    expect(rows[0]?.actor_type).toBe("user");
    expect(rows[0]?.actor_id).toBe(owner.userId);
    expect(JSON.parse(rows[0]?.before ?? "{}").name).toBe("Tenant Admin Co");
    expect(JSON.parse(rows[0]?.after ?? "{}").name).toBe("Renamed Co");
    expect(rows[1]?.actor_type).toBe("key");
    expect(JSON.parse(rows[1]?.before ?? "{}").settings.rateLimits.perKey.perSecond).toBe(200);
    expect(JSON.parse(rows[1]?.after ?? "{}").settings.rateLimits.perKey.perSecond).toBe(300);
  });

  it("refuses bad input with a 400 naming the field, and changes nothing", async () => {
    const cases: [unknown, string][] = [
      [{ settings: { rateLimits: { perKey: { burst: 0 } } } }, "settings.rateLimits.perKey.burst"],
      [
        { settings: { rateLimits: { perTenant: { perSecond: "fast" } } } },
        "settings.rateLimits.perTenant.perSecond",
      ],
      [{ settings: { rateLimits: { perKey: { burst: 1.5 } } } }, "settings.rateLimits.perKey.burst"],
      [{ settings: { colour: "red" } }, "settings.colour"],
      [{ name: "   " }, "name"],
      [{ slug: "mine" }, "slug"],
    ];
    for (const [body, field] of cases) {
      const res = await api<Problem>("/api/v1/tenant", { key, method: "PATCH", body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(res.body.errors?.map((e) => e.field)).toContain(field);
    }
    const read = await api<TenantBody>("/api/v1/tenant", { key });
    expect(read.body.name).toBe("Renamed Co");
    expect(read.body.settings.rateLimits.perKey).toEqual({ burst: 3000, perSecond: 300 });
  });
});

describe("usage", () => {
  let tenantId: string;
  let key: string;
  let calls = 0;
  /** Every request this tenant makes, so its API-call count can be checked exactly. */
  function call<T = Record<string, unknown>>(path: string, init?: Parameters<typeof api>[1]) {
    calls += 1;
    return api<T>(path, init);
  }

  beforeAll(async () => {
    ({ tenantId, key } = await createTenant("Usage Co"));
    await createAgent(key, { name: "steady", simulation: { successRate: 1, latencyMs: 5, seed: 7 } });
    calls += 1;
  });

  it("counts tasks submitted and executed, agents and API calls, live and in the platform list", async () => {
    const batch = { tasks: [task("u-1"), task("u-2"), task("u-3")] };
    const headers = { "idempotency-key": "usage-batch" };
    expect((await call("/api/v1/tasks/batch", { key, body: batch, headers })).status).toBe(202);
    // A replay creates nothing, so it submits nothing.
    const replay = await call("/api/v1/tasks/batch", { key, body: batch, headers });
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect((await call("/api/v1/tasks", { key, body: task("u-4") })).status).toBe(202);

    await waitFor(
      async () => {
        const t = await call<{ tasks: Record<string, number> }>("/api/v1/governance/state", { key });
        return t.body.tasks.succeeded === 4 ? true : undefined;
      },
      { what: "4 tasks to succeed" },
    );

    const res = await call<TenantBody>("/api/v1/tenant", { key });
    expect(res.body.usage).toEqual({
      month: month(),
      tasksSubmitted: 4,
      tasksExecuted: 4,
      apiCalls: calls,
      agents: 1,
    });

    // The platform list reads D1's copy, which follows within seconds; platform calls are not counted.
    const listed = await waitFor(
      async () => {
        const row = await listedTenant(tenantId);
        const u = row?.usage;
        return u && u.tasksSubmitted === 4 && u.tasksExecuted === 4 && u.apiCalls === calls ? row : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 250, what: "usage to reach the platform list" },
    );
    expect(listed.status).toBe("active");
  });
});

describe("suspension", () => {
  let owner: SignedUp;
  let key: string;

  beforeAll(async () => {
    owner = await signup("Suspend Co");
    key = await keyFor(owner);
    await createAgent(key, { name: "idle", simulation: { successRate: 1, latencyMs: 5, seed: 3 } });
  });

  it("refuses the tenant's keys and sessions with 403, and is idempotent", async () => {
    const res = await api<AdminTenant>(`/api/v1/admin/tenants/${owner.tenantId}/suspend`, {
      headers: adminHeaders,
      body: { reason: "unpaid invoice" },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: owner.tenantId,
      status: "suspended",
      suspendReason: "unpaid invoice",
    });
    expect(res.body.suspendedAt).not.toBeNull();

    for (const credential of [key, owner.accessToken]) {
      const refused = await api<Problem>("/api/v1/tenant", { key: credential });
      expect(refused.status).toBe(403);
      expect(refused.body.detail).toMatch(/suspended/);
    }
    expect((await api("/api/v1/tasks", { key, body: task("s-0") })).status).toBe(403);

    const again = await api<AdminTenant>(`/api/v1/admin/tenants/${owner.tenantId}/suspend`, {
      headers: adminHeaders,
      body: { reason: "second notice" },
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ suspendedAt: res.body.suspendedAt, suspendReason: "unpaid invoice" });

    const rows = await auditRows(owner.tenantId, "tenant.suspend");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_type: "platform", actor_id: null, reason: "unpaid invoice" });
    expect((await listedTenant(owner.tenantId))?.status).toBe("suspended");
  });

  it("assigns nothing while suspended, and runs the queued tasks once resumed", async () => {
    // Work already inside the hub (keys are refused now): an idle agent has room for all of it.
    const submitted = await hub(owner.tenantId).submitTasks([task("s-1"), task("s-2"), task("s-3")], null, {
      correlationId: "suspension-test",
    });
    expect(submitted.ok).toBe(true);
    await new Promise((r) => setTimeout(r, 750));
    const held = await hub(owner.tenantId).getState();
    expect(held.tasks).toMatchObject({ queued: 3, assigned: 0, succeeded: 0 });

    const resumed = await api<AdminTenant>(`/api/v1/admin/tenants/${owner.tenantId}/resume`, {
      method: "POST",
      headers: adminHeaders,
    });
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ status: "active", suspendedAt: null, suspendReason: null });
    expect((await api("/api/v1/tenant", { key: owner.accessToken })).status).toBe(200);

    await waitFor(async () => ((await taskCounts(key)).succeeded === 3 ? true : undefined), {
      what: "queued tasks to run after resume",
    });
    const rows = await auditRows(owner.tenantId, "tenant.resume");
    expect(rows).toHaveLength(1);
    expect(rows[0]?.actor_type).toBe("platform");
  });
});

describe("platform tenant list", () => {
  const ids: string[] = [];

  beforeAll(async () => {
    for (const name of ["List One", "List Two", "List Three"]) ids.push((await createTenant(name)).tenantId);
  });

  it("needs the platform admin token", async () => {
    expect((await api("/api/v1/admin/tenants")).status).toBe(401);
    const { key } = await createTenant("Not Platform");
    expect((await api("/api/v1/admin/tenants", { key })).status).toBe(401);
  });

  it("pages newest first with a cursor, each tenant with status and usage", async () => {
    const seen: AdminTenant[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : "?limit=2";
      const res = await api<{ tenants: AdminTenant[]; nextCursor: string | null }>(
        `/api/v1/admin/tenants${query}`,
        { headers: adminHeaders },
      );
      expect(res.status).toBe(200);
      expect(res.body.tenants.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.tenants);
      cursor = res.body.nextCursor;
    } while (cursor);
    const order = seen.map((t) => t.id);
    expect(order).toEqual([...order].sort().reverse());
    expect(new Set(order).size).toBe(order.length);
    // Created One, Two, Three: listed Three, Two, One.
    const mine = order.filter((id) => ids.includes(id));
    expect(mine).toEqual([...ids].reverse());
    for (const t of seen) {
      expect(["active", "suspended"]).toContain(t.status);
      expect(t.usage.month).toBe(month());
      expect(typeof t.usage.apiCalls).toBe("number");
    }
  });

  it("refuses a bad cursor, a malformed id and an unknown tenant", async () => {
    const badCursor = await api<Problem>("/api/v1/admin/tenants?cursor=nope", { headers: adminHeaders });
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.errors?.map((e) => e.field)).toContain("cursor");

    const malformed = await api<Problem>("/api/v1/admin/tenants/acme/suspend", {
      headers: adminHeaders,
      body: { reason: "x" },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors?.map((e) => e.field)).toContain("id");

    const unknown = "ten_01jd0000000000000000000000";
    for (const action of ["suspend", "resume"]) {
      const res = await api(`/api/v1/admin/tenants/${unknown}/${action}`, {
        headers: adminHeaders,
        body: { reason: "x" },
      });
      expect(res.status).toBe(404);
    }
    const noReason = await api<Problem>(`/api/v1/admin/tenants/${ids[0]}/suspend`, {
      headers: adminHeaders,
      body: {},
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors?.map((e) => e.field)).toContain("reason");
  });
});

describe("DELETE /tenant", () => {
  let owner: SignedUp;
  let key: string;

  beforeAll(async () => {
    owner = await signup("Doomed Co");
    key = await keyFor(owner);
    await createAgent(key, { name: "worker", simulation: { successRate: 1, latencyMs: 5, seed: 9 } });
    expect(
      (await api("/api/v1/tasks/batch", { key, body: { tasks: [task("d-1"), task("d-2")] } })).status,
    ).toBe(202);
    // Wait for history to reach D1, so the deletion has rows in every kind of table to remove.
    await waitFor(
      async () => {
        const row = await env.DB.prepare(`SELECT COUNT(*) AS n FROM task_history WHERE tenant_id = ?`)
          .bind(owner.tenantId)
          .first<{ n: number }>();
        return row?.n === 2 ? true : undefined;
      },
      { what: "history in D1" },
    );
  });

  it("is for the owner's session only, and needs the slug as confirmation", async () => {
    const byKey = await api("/api/v1/tenant", { key, method: "DELETE", body: { confirm: owner.slug } });
    expect(byKey.status).toBe(403);

    for (const body of [{ confirm: "wrong-slug" }, { confirm: owner.slug.toUpperCase() }, {}]) {
      const res = await api<Problem>("/api/v1/tenant", { key: owner.accessToken, method: "DELETE", body });
      expect(res.status).toBe(400);
      expect(res.body.errors?.map((e) => e.field)).toContain("confirm");
    }
    expect((await api("/api/v1/tenant", { key })).status).toBe(200);
  });

  it("knows every D1 table that holds tenant rows", async () => {
    // A table added later with a tenant_id column must be added to the deletion too.
    const { results } = await env.DB.prepare(
      `SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name`,
    ).all<{ name: string; sql: string }>();
    const withTenant = results.filter((t) => /[(,]\s*tenant_id\s/i.test(t.sql)).map((t) => t.name);
    expect(withTenant).toEqual([...TENANT_TABLES].sort());
  });

  it("deletes every row and object of the tenant; its key and session then get 401", async () => {
    const res = await api("/api/v1/tenant", {
      key: owner.accessToken,
      method: "DELETE",
      body: { confirm: owner.slug },
    });
    expect(res.status).toBe(204);

    expect((await api("/api/v1/tenant", { key })).status).toBe(401);
    expect((await api("/api/v1/auth/me", { key: owner.accessToken })).status).toBe(401);

    for (const table of ["api_keys", "users", "audit_log", "tenant_usage", "task_history", "task_attempts"]) {
      const row = await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE tenant_id = ?`)
        .bind(owner.tenantId)
        .first<{ n: number }>();
      expect(row?.n, table).toBe(0);
    }
    const tenantRow = await env.DB.prepare(`SELECT id FROM tenants WHERE id = ?`)
      .bind(owner.tenantId)
      .first();
    expect(tenantRow).toBeNull();

    const state = await hub(owner.tenantId).getState();
    expect(state.agents).toEqual([]);
    expect(state.tasks).toMatchObject({ queued: 0, assigned: 0, succeeded: 0 });
    const limiter = env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(owner.tenantId));
    expect(await limiter.usage(month())).toEqual({ apiCalls: 0 });

    expect(await listedTenant(owner.tenantId)).toBeUndefined();
    const suspend = await api(`/api/v1/admin/tenants/${owner.tenantId}/suspend`, {
      headers: adminHeaders,
      body: { reason: "gone" },
    });
    expect(suspend.status).toBe(404);
  });
});

describe("the API description", () => {
  it("documents the tenant and platform routes, and the 429 every tenant route can give", async () => {
    const doc = await api<{ paths: Record<string, Record<string, { responses: Record<string, unknown> }>> }>(
      "/api/v1/openapi.json",
    );
    const paths = doc.body.paths;
    expect(Object.keys(paths["/tenant"] ?? {}).sort()).toEqual(["delete", "get", "patch"]);
    expect(Object.keys(paths["/admin/tenants"] ?? {}).sort()).toEqual(["get", "post"]);
    expect(paths["/admin/tenants/{id}/suspend"]?.post).toBeDefined();
    expect(paths["/admin/tenants/{id}/resume"]?.post).toBeDefined();
    expect(paths["/tenant"]?.get?.responses["429"]).toBeDefined();
  });
});
