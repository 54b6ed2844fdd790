/**
 * The platform operator's side, reached with the platform token and never with a tenant credential.
 * The platform list also holds tenants that other describes create, so each test looks only for
 * the tenants it made.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type AdminTenant, adminHeaders, listedTenant } from "../helpers/admin";
import { api, createAgent, createTenant, type Problem, waitFor } from "../helpers/api";
import { type SignedUp, signup } from "../helpers/identity";
import { auditRows, hub, keyFor, month, task } from "../helpers/tenant";

async function taskCounts(key: string) {
  const res = await api<{ tasks: Record<string, number> }>("/api/v1/governance/state", { key });
  return res.body.tasks;
}

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
