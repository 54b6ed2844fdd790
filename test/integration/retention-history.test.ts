import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { api, createAgent, createTenant, type Problem, waitFor, waitForTerminal } from "../helpers/api";
import { storedRows, verify } from "../helpers/audit";
import { signup } from "../helpers/identity";
import { DAY, getTask, hubTasks, runRetentionAt, STEADY, submit } from "../helpers/retention";
import { addUser } from "../helpers/roles";
import { keyFor } from "../helpers/tenant";
import { configureReceiver, createWebhook, deliveries } from "../helpers/webhooks";

/** Rows per history table of a tenant. */
async function historyCounts(tenantId: string): Promise<Record<string, number>> {
  const tables = [
    "task_history",
    "task_attempts",
    "trust_history",
    "agent_status_history",
    "cycles",
    "webhook_deliveries",
    "webhook_attempts",
  ];
  const out: Record<string, number> = {};
  for (const table of tables) {
    const row = await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE tenant_id = ?`)
      .bind(tenantId)
      .first<{ n: number }>();
    out[table] = row?.n ?? 0;
  }
  return out;
}

/** A tenant with every kind of history: tasks, attempts, trust, status changes, a cycle, webhook deliveries. */
async function tenantWithHistory(name: string, historyDays: number) {
  const { key, tenantId } = await createTenant(name);
  const set = await api("/api/v1/tenant", {
    key,
    method: "PATCH",
    body: { settings: { retention: { historyDays } } },
  });
  expect(set.status).toBe(200);
  const receiver = `retention-${crypto.randomUUID().slice(0, 8)}`;
  const webhook = await createWebhook(key, receiver, ["task.completed"]);
  await configureReceiver(receiver, [webhook.secret]);
  await createAgent(key, { name: "worker", capabilities: ["general"], simulation: STEADY });
  const ids: string[] = [];
  for (let i = 0; i < 4; i++) ids.push(await submit(key, { capabilities: ["general"] }));
  for (const id of ids) await waitForTerminal(key, id);
  expect((await api("/api/v1/governance/trigger", { key, body: {} })).status).toBeLessThan(300);
  await waitFor(
    async () => {
      const list = await deliveries(key, webhook.id);
      return list.length === ids.length && list.every((d) => d.status === "delivered") ? true : undefined;
    },
    { what: "the webhook deliveries" },
  );
  const counts = await waitFor(
    async () => {
      const c = await historyCounts(tenantId);
      return c.task_history === ids.length && Object.values(c).every((n) => n > 0) ? c : undefined;
    },
    { what: "the history to reach D1" },
  );
  return { key, tenantId, taskIds: ids, counts };
}

describe("D1 history older than the tenant's historyDays", () => {
  let short: Awaited<ReturnType<typeof tenantWithHistory>>;
  let long: Awaited<ReturnType<typeof tenantWithHistory>>;

  beforeAll(async () => {
    short = await tenantWithHistory("Retention Short", 30);
    long = await tenantWithHistory("Retention Long", 365);
  });

  it("is deleted for that tenant only, every history table and the delivery log, and GET /tasks/{id} is then 404", async () => {
    const auditBefore = (await storedRows(long.tenantId)).length;

    await runRetentionAt(Date.now() + 29 * DAY);
    expect(await historyCounts(short.tenantId)).toEqual(short.counts);
    const someTask = short.taskIds[0] ?? "";
    expect((await getTask(short.key, someTask)).body).toMatchObject({ id: someTask, status: "succeeded" });

    await runRetentionAt(Date.now() + 31 * DAY);
    const emptied = await historyCounts(short.tenantId);
    for (const n of Object.values(emptied)) expect(n).toBe(0);
    const gone = await getTask(short.key, someTask);
    expect(gone.status).toBe(404);
    expect(gone.headers.get("content-type")).toContain("application/problem+json");

    // The other tenant keeps a year: its rows stay, and its tasks answer from history.
    expect(await historyCounts(long.tenantId)).toEqual(long.counts);
    const other = long.taskIds[0] ?? "";
    expect((await hubTasks(long.tenantId)).has(other)).toBe(false);
    expect((await getTask(long.key, other)).body).toMatchObject({ id: other, status: "succeeded" });

    // Nobody set auditDays: the audit log is kept whole, and still verifies.
    await runRetentionAt(Date.now() + 3000 * DAY);
    expect(await storedRows(long.tenantId)).toHaveLength(auditBefore);
    expect(await verify(long.key)).toEqual({ valid: true, checked: auditBefore, firstBrokenId: null });
    expect((await storedRows(short.tenantId)).length).toBeGreaterThan(0);
  });
});

describe("retention settings", () => {
  it("default to 90 days of history and an audit log kept forever", async () => {
    const { key } = await createTenant("Retention Defaults");
    const res = await api<{ settings: { retention: unknown } }>("/api/v1/tenant", { key });
    expect(res.body.settings.retention).toEqual({ historyDays: 90, auditDays: null });
  });

  it("refuse values out of range with 400 naming the field", async () => {
    const { key } = await createTenant("Retention Bounds");
    const cases: [Record<string, unknown>, string][] = [
      [{ historyDays: 0 }, "settings.retention.historyDays"],
      [{ historyDays: 3651 }, "settings.retention.historyDays"],
      [{ historyDays: 1.5 }, "settings.retention.historyDays"],
      [{ historyDays: "90" }, "settings.retention.historyDays"],
      [{ auditDays: 29 }, "settings.retention.auditDays"],
      [{ auditDays: 3651 }, "settings.retention.auditDays"],
    ];
    for (const [retention, field] of cases) {
      const res = await api<Problem>("/api/v1/tenant", {
        key,
        method: "PATCH",
        body: { settings: { retention } },
      });
      expect(res.status, JSON.stringify(retention)).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(res.body.errors?.map((e) => e.field)).toContain(field);
    }
  });

  it("let only an owner change auditDays: an admin or an API key gets 403 naming the field", async () => {
    const owner = await signup("Retention Owner");
    const admin = await addUser(owner, "admin");
    const key = await keyFor(owner);
    for (const caller of [admin.accessToken, key]) {
      const res = await api<Problem>("/api/v1/tenant", {
        key: caller,
        method: "PATCH",
        body: { settings: { retention: { auditDays: 30 } } },
      });
      expect(res.status).toBe(403);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(res.body.errors?.map((e) => e.field)).toEqual(["settings.retention.auditDays"]);
    }
    // An admin may still change historyDays, and send auditDays unchanged.
    const adminPatch = await api<{ settings: { retention: unknown } }>("/api/v1/tenant", {
      key: admin.accessToken,
      method: "PATCH",
      body: { settings: { retention: { historyDays: 14, auditDays: null } } },
    });
    expect(adminPatch.status).toBe(200);
    expect(adminPatch.body.settings.retention).toEqual({ historyDays: 14, auditDays: null });

    const ownerPatch = await api<{ settings: { retention: unknown } }>("/api/v1/tenant", {
      key: owner.accessToken,
      method: "PATCH",
      body: { settings: { retention: { auditDays: 365 } } },
    });
    expect(ownerPatch.status).toBe(200);
    expect(ownerPatch.body.settings.retention).toEqual({ historyDays: 14, auditDays: 365 });
  });
});

describe("an audit log with auditDays set", () => {
  it("loses its oldest rows, still verifies from where the kept chain starts, and keeps tampering visible", async () => {
    const owner = await signup("Retention Audit");
    const key = await keyFor(owner);
    const set = await api("/api/v1/tenant", {
      key: owner.accessToken,
      method: "PATCH",
      body: { settings: { retention: { auditDays: 30 } } },
    });
    expect(set.status).toBe(200);
    const agentId = await createAgent(key, { name: "a0", simulation: STEADY });
    for (let i = 1; i <= 4; i++) {
      // Distinct milliseconds, so a cutoff can fall between two rows.
      await new Promise((r) => setTimeout(r, 5));
      await api(`/api/v1/agents/${agentId}`, { key, method: "PATCH", body: { name: `a${i}` } });
    }
    const rows = await storedRows(owner.tenantId);
    const firstKept = rows[rows.length - 3];
    if (!firstKept) throw new Error("too few audit rows");
    expect(rows.filter((r) => r.at >= firstKept.at).map((r) => r.seq)).toEqual(
      rows.slice(-3).map((r) => r.seq),
    );

    // A run whose cutoff (30 days before it) falls on the third newest row.
    await runRetentionAt(Date.parse(firstKept.at) + 30 * DAY);
    const left = await storedRows(owner.tenantId);
    expect(left.map((r) => r.seq)).toEqual(rows.slice(-3).map((r) => r.seq));
    expect(await verify(key)).toEqual({
      valid: true,
      checked: 3,
      firstBrokenId: null,
      keptFromSeq: firstKept.seq,
    });

    // New rows link onto the kept chain.
    await api(`/api/v1/agents/${agentId}`, { key, method: "PATCH", body: { name: "after" } });
    expect(await verify(key)).toEqual({
      valid: true,
      checked: 4,
      firstBrokenId: null,
      keptFromSeq: firstKept.seq,
    });

    // Deleting one more of the oldest rows by hand is still tampering, and retention never prunes it away.
    await env.DB.prepare(`DELETE FROM audit_log WHERE id = ?`).bind(firstKept.id).run();
    const broken = await verify(key);
    expect(broken).toMatchObject({ valid: false, firstBrokenId: left[1]?.id, keptFromSeq: firstKept.seq });
    const tampered = await storedRows(owner.tenantId);
    await runRetentionAt(Date.now() + 400 * DAY);
    expect(await storedRows(owner.tenantId)).toEqual(tampered);
    expect(await verify(key)).toEqual(broken);
  });
});
