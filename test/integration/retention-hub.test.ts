import { env } from "cloudflare:workers";
import { describe, expect, inject, it } from "vitest";
import { api, createAgent, createTenant, type TaskBody, waitFor, waitForTerminal } from "../helpers/api";
import { llmAgent, llmTenant, runTask } from "../helpers/llm-agents";
import {
  getTask,
  HOUR,
  historyRow,
  hubRows,
  hubTasks,
  runRetentionAt,
  STEADY,
  submit,
} from "../helpers/retention";

const origin = inject("agentServerOrigin");

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
