/**
 * What a tenant does to itself with its own keys and sessions. Each describe creates a tenant of
 * its own because the usage counters and audit rows asserted here are exact per tenant.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { TENANT_TABLES } from "../../worker/delete-tenant";
import { adminHeaders, listedTenant } from "../helpers/admin";
import { api, createAgent, createTenant, type Problem, waitFor } from "../helpers/api";
import { type SignedUp, signup } from "../helpers/identity";
import { auditRows, hub, keyFor, month, task } from "../helpers/tenant";

interface TenantBody {
  id: string;
  name: string;
  slug: string;
  status: string;
  settings: {
    rateLimits: Record<"perKey" | "perTenant", { burst: number; perSecond: number }>;
    modelPrices: Record<string, { promptPerMillion: number; completionPerMillion: number }>;
  };
  usage: { month: string; tasksSubmitted: number; tasksExecuted: number; apiCalls: number; agents: number };
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

  it("keeps a per-model price table: models added, repriced and removed one by one", async () => {
    const patch = (modelPrices: Record<string, unknown>) =>
      api<TenantBody>("/api/v1/tenant", { key, method: "PATCH", body: { settings: { modelPrices } } });
    const added = await patch({
      "gpt-4o-mini": { promptPerMillion: 0.15, completionPerMillion: 0.6 },
      "local-llama": { promptPerMillion: 0, completionPerMillion: 0 },
    });
    expect(added.status).toBe(200);
    const repriced = await patch({
      "gpt-4o-mini": { promptPerMillion: 0.2, completionPerMillion: 0.8 },
      "local-llama": null,
    });
    expect(repriced.body.settings.modelPrices).toEqual({
      "gpt-4o-mini": { promptPerMillion: 0.2, completionPerMillion: 0.8 },
    });
    // The other settings are untouched by a price change.
    expect(repriced.body.settings.rateLimits.perKey).toEqual({ burst: 3000, perSecond: 300 });
    const bad = await patch({ "gpt-4o-mini": { promptPerMillion: -1, completionPerMillion: 1 } });
    expect(bad.status).toBe(400);
    expect((bad.body as unknown as Problem).errors?.map((e) => e.field)).toContain(
      "settings.modelPrices.gpt-4o-mini.promptPerMillion",
    );
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
      // A simulated agent makes no LLM calls.
      llm: { promptTokens: 0, completionTokens: 0, costUsd: 0, unpricedCalls: 0 },
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
