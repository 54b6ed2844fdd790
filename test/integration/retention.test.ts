import {
  createExecutionContext,
  createScheduledController,
  runInDurableObject,
  waitOnExecutionContext,
} from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, inject, it } from "vitest";
import worker from "../../worker/index";
import {
  api,
  createAgent,
  createTenant,
  type Problem,
  type TaskBody,
  waitFor,
  waitForTerminal,
} from "../helpers/api";
import { storedRows, verify } from "../helpers/audit";
import { signup } from "../helpers/identity";
import { llmAgent, llmTenant, runTask } from "../helpers/llm-agents";
import { addUser } from "../helpers/roles";
import { hub, keyFor } from "../helpers/tenant";
import { configureReceiver, createWebhook, deliveries } from "../helpers/webhooks";

const origin = inject("agentServerOrigin");
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const STEADY = { successRate: 1, latencyMs: 5, seed: 7 };

/**
 * Fires the hourly cron as Cloudflare would, with `scheduledTime` as the run's clock, then waits
 * until the queue consumer has finished the run for every tenant that existed when it fired.
 */
async function runRetentionAt(scheduledTime: number): Promise<void> {
  const firedAt = new Date().toISOString();
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ scheduledTime, cron: "17 * * * *" }), env, ctx);
  await waitOnExecutionContext(ctx);
  const run = new Date(scheduledTime).toISOString();
  await waitFor(
    async () => {
      const behind = await env.DB.prepare(
        `SELECT COUNT(*) AS n FROM tenants WHERE created_at <= ? AND (retained_at IS NULL OR retained_at < ?)`,
      )
        .bind(firedAt, run)
        .first<{ n: number }>();
      return behind?.n === 0 ? true : undefined;
    },
    { what: "the retention run to reach every tenant", timeoutMs: 50_000 },
  );
}

/** The tasks the tenant's hub still holds in its SQLite: id → status. */
function hubTasks(tenantId: string): Promise<Map<string, string>> {
  return runInDurableObject(hub(tenantId), (_hub, state) => {
    const rows = state.storage.sql.exec<{ id: string; status: string }>(`SELECT id, status FROM tasks`);
    return new Map(rows.toArray().map((r) => [r.id, r.status]));
  });
}

function hubRows(tenantId: string, sql: string, ...binds: string[]): Promise<number> {
  return runInDurableObject(
    hub(tenantId),
    (_hub, state) => state.storage.sql.exec<{ n: number }>(sql, ...binds).one().n,
  );
}

const historyRow = (tenantId: string, taskId: string) =>
  env.DB.prepare(`SELECT status FROM task_history WHERE tenant_id = ? AND task_id = ?`)
    .bind(tenantId, taskId)
    .first<{ status: string }>();

async function submit(key: string, body: Record<string, unknown>): Promise<string> {
  const res = await api<TaskBody>("/api/v1/tasks", {
    key,
    body: { impact: 0.5, urgency: 0.5, risk: 0.1, ...body },
  });
  expect(res.status).toBe(202);
  return res.body.id;
}

const getTask = (key: string, id: string) =>
  api<TaskBody & Record<string, unknown>>(`/api/v1/tasks/${id}`, { key });

/** What a task's history keeps, to compare the live answer with the one rebuilt from D1. */
const kept = (t: Record<string, unknown> & TaskBody) => ({
  id: t.id,
  externalId: t.externalId,
  status: t.status,
  reason: t.reason,
  impact: t.impact,
  urgency: t.urgency,
  risk: t.risk,
  createdAt: t.createdAt,
  finishedAt: t.finishedAt,
  attempts: t.attempts.map((a) => ({
    attempt: a.attempt,
    agentId: a.agentId,
    outcome: a.outcome,
    latencyMs: a.latencyMs,
    finishedAt: (a as { finishedAt?: string }).finishedAt,
  })),
});

describe("the hub forgets finished tasks whose history is in D1, and never an open one", () => {
  it("drops them an hour after they finished, answers GET /tasks/{id} from history, and open tasks carry on", async () => {
    const t = await llmTenant("Retention Hub");
    const steady = await createAgent(t.key, {
      name: "steady",
      capabilities: ["general"],
      simulation: STEADY,
    });
    const llm = await llmAgent(t, "ok-model");

    const finishedIds: string[] = [];
    for (let i = 0; i < 8; i++)
      finishedIds.push(await submit(t.key, { capabilities: ["general"], externalId: `order-${i}` }));
    for (const id of finishedIds) expect((await waitForTerminal(t.key, id)).status).toBe("succeeded");
    const llmTask = await runTask(t, "ok-model");
    expect(llmTask.usage).not.toBeNull();
    finishedIds.push(llmTask.id);

    // Open work: one task nobody can run (queued), one on an agent that takes its time (assigned).
    const queuedId = await submit(t.key, { capabilities: ["night-shift"] });
    await waitFor(async () => ((await getTask(t.key, queuedId)).body.holdReason ? true : undefined), {
      what: "the task to be held",
    });
    const sleepy = await api<{ id: string }>("/api/v1/agents", {
      key: t.key,
      body: {
        name: "sleepy",
        kind: "http",
        endpoint: `${origin}/slow?ms=6000`,
        capabilities: ["sleepy"],
        timeoutMs: 20_000,
      },
    });
    expect(sleepy.status).toBe(201);
    const assignedId = await submit(t.key, { capabilities: ["sleepy"] });
    await waitFor(
      async () => ((await getTask(t.key, assignedId)).body.status === "assigned" ? true : undefined),
      {
        what: "the task to be assigned",
      },
    );

    // Every finished task's history has reached D1.
    for (const id of finishedIds)
      await waitFor(async () => (await historyRow(t.tenantId, id)) ?? undefined, {
        what: `history of ${id}`,
      });
    const liveViews = new Map<string, Record<string, unknown> & TaskBody>();
    for (const id of finishedIds) liveViews.set(id, (await getTask(t.key, id)).body);
    const monthUsage = (await api<{ usage: { llm: unknown } }>("/api/v1/tenant", { key: t.key })).body.usage
      .llm;

    // Within the hour nothing finished goes.
    await runRetentionAt(Date.now() + HOUR / 2);
    const early = await hubTasks(t.tenantId);
    for (const id of finishedIds) expect(early.get(id)).toBe("succeeded");

    await runRetentionAt(Date.now() + 2 * HOUR);
    const held = await hubTasks(t.tenantId);
    for (const id of finishedIds) expect(held.has(id)).toBe(false);
    expect(held.get(queuedId)).toBe("queued");
    expect(held.get(assignedId)).toBe("assigned");
    // Their agent links and per-task LLM usage went with them; agent and month totals stay.
    expect(
      await hubRows(t.tenantId, `SELECT COUNT(*) AS n FROM task_agents WHERE agent_id = ?`, steady),
    ).toBe(0);
    expect(
      await hubRows(
        t.tenantId,
        `SELECT COUNT(*) AS n FROM llm_usage WHERE scope = 'task' AND id = ?`,
        llmTask.id,
      ),
    ).toBe(0);
    const agentUsage = await api<{ usage: { promptTokens: number } }>(`/api/v1/agents/${llm.id}`, {
      key: t.key,
    });
    expect(agentUsage.body.usage.promptTokens).toBeGreaterThan(0);
    expect((await api<{ usage: { llm: unknown } }>("/api/v1/tenant", { key: t.key })).body.usage.llm).toEqual(
      monthUsage,
    );

    // The same answer, rebuilt from history; what history does not keep gets its neutral value.
    for (const id of finishedIds) {
      const past = await getTask(t.key, id);
      expect(past.status).toBe(200);
      expect(kept(past.body)).toEqual(kept(liveViews.get(id) ?? past.body));
      expect(past.body).toMatchObject({ holdReason: null, usage: null, capabilities: [] });
    }
    expect((await getTask(t.key, finishedIds[0] ?? "")).body.externalId).toBe("order-0");

    // The task list still shows every task once, newest first, across pages: the open ones from
    // the hub and the forgotten ones from history.
    const listed: { id: string; status: string }[] = [];
    let cursor: string | null = null;
    do {
      const page: {
        status: number;
        body: { tasks: { id: string; status: string }[]; nextCursor: string | null };
      } = await api(`/api/v1/tasks?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, {
        key: t.key,
      });
      expect(page.status).toBe(200);
      listed.push(...page.body.tasks);
      cursor = page.body.nextCursor;
    } while (cursor);
    const expectedIds = [...finishedIds, queuedId, assignedId].sort().reverse();
    expect(listed.map((x) => x.id)).toEqual(expectedIds);
    const succeededOnly = await api<{ tasks: { id: string }[] }>("/api/v1/tasks?status=succeeded&limit=200", {
      key: t.key,
    });
    expect(succeededOnly.body.tasks.map((x) => x.id).sort()).toEqual([...finishedIds].sort());
    const byAgent = await api<{ tasks: { id: string }[] }>(`/api/v1/tasks?agentId=${steady}&limit=200`, {
      key: t.key,
    });
    expect(byAgent.body.tasks.map((x) => x.id).sort()).toEqual(
      finishedIds.filter((id) => id !== llmTask.id).sort(),
    );

    // The open tasks were untouched and finish normally.
    await createAgent(t.key, { name: "night", capabilities: ["night-shift"], simulation: STEADY });
    expect(await waitForTerminal(t.key, queuedId)).toMatchObject({ status: "succeeded" });
    expect(await waitForTerminal(t.key, assignedId)).toMatchObject({ status: "succeeded" });
    expect((await getTask(t.key, assignedId)).body.attempts[0]).toMatchObject({
      agentId: sleepy.body.id,
      outcome: "success",
    });
  });
});

describe("a finished task whose history has not reached D1", () => {
  it("stays in the hub until its history is written, then goes", async () => {
    const { key, tenantId } = await createTenant("Retention Unflushed");
    await createAgent(key, { name: "steady", capabilities: ["general"], simulation: STEADY });
    // D1 refuses this tenant's history for a while (the flush is one transaction: nothing lands).
    await env.DB.prepare(
      `CREATE TRIGGER retention_refuse_history BEFORE INSERT ON task_history WHEN NEW.tenant_id = '${tenantId}'
       BEGIN SELECT RAISE(ABORT, 'history refused'); END`,
    ).run();
    let id = "";
    try {
      id = await submit(key, { capabilities: ["general"] });
      await waitForTerminal(key, id);
      await new Promise((r) => setTimeout(r, 1000));
      expect(await historyRow(tenantId, id)).toBeNull();
      await runRetentionAt(Date.now() + 2 * HOUR);
      expect((await hubTasks(tenantId)).get(id)).toBe("succeeded");
    } finally {
      await env.DB.prepare(`DROP TRIGGER retention_refuse_history`).run();
    }
    // The hub's alarm retries the flush; once the history is in D1 the task may go.
    await waitFor(async () => (await historyRow(tenantId, id)) ?? undefined, { what: "the retried flush" });
    await runRetentionAt(Date.now() + 2 * HOUR);
    expect((await hubTasks(tenantId)).has(id)).toBe(false);
    expect((await getTask(key, id)).body).toMatchObject({ id, status: "succeeded" });
  });
});

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
