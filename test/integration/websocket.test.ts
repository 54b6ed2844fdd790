import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { TenantHub } from "../../durable-objects/tenant-hub";
import { newId } from "../../shared/ids";
import { api, createAgent, createTenant, waitFor } from "../helpers/api";
import { latestSeq, logAfter, openSocket, settle } from "../helpers/live";

const SIM = { successRate: 1, latencyMs: 1 };
const seqs = (events: { seq: number }[]) => events.map((e) => e.seq);

describe("GET /ws", () => {
  it("streams live events in seq order, then resumes with `after`: no gap, no duplicate", async () => {
    const t = await createTenant("Live Co");
    const first = await openSocket("", { key: t.key });
    expect(first.status).toBe(101);
    const a = first.client!;
    for (let i = 0; i < 3; i++) await createAgent(t.key, { name: `a${i}`, simulation: SIM });
    let latest = await latestSeq(t.key);
    await a.waitForSeq(latest);
    expect(seqs(a.events)).toEqual(seqs(await logAfter(t.key, 0)));
    expect(a.events.filter((e) => e.type === "agent.registered")).toHaveLength(3);
    a.close();
    await a.closed;

    // Missed while disconnected.
    const seen = a.events[a.events.length - 1]!.seq;
    for (let i = 3; i < 5; i++) await createAgent(t.key, { name: `a${i}`, simulation: SIM });
    const b = (await openSocket(`?after=${seen}`, { key: t.key })).client!;
    // Live again.
    await createAgent(t.key, { name: "a5", simulation: SIM });
    latest = await latestSeq(t.key);
    await b.waitForSeq(latest);
    await settle();
    const expected = seqs(await logAfter(t.key, seen));
    expect(expected.length).toBeGreaterThanOrEqual(3);
    expect(seqs(b.events)).toEqual(expected);
    expect(b.controls).toEqual([]);
    b.close();
  });

  it("delivers only the filtered types", async () => {
    const t = await createTenant("Filter Co");
    const tasksOnly = (await openSocket("?types=task.*", { key: t.key })).client!;
    const registered = (await openSocket("?after=0&types=agent.registered", { key: t.key })).client!;
    await createAgent(t.key, { name: "worker", simulation: SIM });
    const task = await api<{ id: string }>("/api/v1/tasks", {
      key: t.key,
      body: { impact: 0.5, urgency: 0.5, risk: 0.1 },
    });
    expect(task.status).toBe(202);
    const log = await waitFor(
      async () => {
        const events = await logAfter(t.key, 0);
        return events.some((e) => e.type === "task.completed") ? events : undefined;
      },
      { what: "the task to complete" },
    );
    const lastTask = log.filter((e) => e.type.startsWith("task.")).at(-1)!.seq;
    await tasksOnly.waitForSeq(lastTask);
    await settle();
    expect(seqs(tasksOnly.events)).toEqual(seqs(log.filter((e) => e.type.startsWith("task."))));
    expect(seqs(registered.events)).toEqual(seqs(log.filter((e) => e.type === "agent.registered")));
    tasksOnly.close();
    registered.close();
  });

  it("never sends one tenant's events to another", async () => {
    const a = await createTenant("Tenant A");
    const b = await createTenant("Tenant B");
    const socketA = (await openSocket("?after=0", { key: a.key })).client!;
    for (let i = 0; i < 3; i++) await createAgent(b.key, { name: `b${i}`, simulation: SIM });
    await createAgent(a.key, { name: "a0", simulation: SIM });
    await socketA.waitForSeq(await latestSeq(a.key));
    await settle();
    expect(socketA.events.length).toBeGreaterThan(0);
    expect(new Set(socketA.events.map((e) => e.tenantId))).toEqual(new Set([a.tenantId]));
    expect(seqs(socketA.events)).toEqual(seqs(await logAfter(a.key, 0)));
    socketA.close();
  });

  it("tells a client whose `after` is no longer kept to resync, then continues from the oldest kept", async () => {
    const t = await createTenant("Resync Co");
    for (let i = 0; i < 4; i++) await createAgent(t.key, { name: `r${i}`, simulation: SIM });
    const latest = await latestSeq(t.key);
    // What pruning does to an old log (it keeps 10,000 events or 24 h, too many to produce here).
    const stub = env.TENANT_HUB.get(env.TENANT_HUB.idFromName(t.tenantId));
    await runInDurableObject(stub, (_hub, state) => {
      state.storage.sql.exec("DELETE FROM events WHERE seq <= 2");
    });
    const old = (await openSocket("?after=1", { key: t.key })).client!;
    await old.waitForSeq(latest);
    expect(old.controls).toEqual([{ type: "resync", oldestSeq: 3, latestSeq: latest }]);
    expect(JSON.parse(old.messages[0]!)).toMatchObject({ type: "resync" });
    expect(seqs(old.events)).toEqual(seqs(await logAfter(t.key, 2)));

    // Exactly at the edge: nothing is missing, so no resync.
    const edge = (await openSocket("?after=2", { key: t.key })).client!;
    await edge.waitForSeq(latest);
    expect(edge.controls).toEqual([]);

    // A position from the future (another hub's seq, a reset tenant) is just as unusable.
    const ahead = (await openSocket(`?after=${latest + 100}`, { key: t.key })).client!;
    await waitFor(async () => (ahead.controls.length ? true : undefined), { what: "resync" });
    expect(ahead.controls).toEqual([{ type: "resync", oldestSeq: 3, latestSeq: latest }]);
    for (const c of [old, edge, ahead]) c.close();
  });

  it("answers ping with pong, and other messages with a typed error", async () => {
    const t = await createTenant("Ping Co");
    const c = (await openSocket("", { key: t.key })).client!;
    c.ws.send("ping");
    await waitFor(async () => (c.messages.includes("pong") ? true : undefined), { what: "pong" });
    c.ws.send("hello");
    await waitFor(async () => (c.controls.length ? true : undefined), { what: "an error message" });
    expect(c.controls[0]).toMatchObject({ type: "error" });
    c.close();
  });

  it("closes sockets over the tenant's connection cap with 1013", async () => {
    const t = await createTenant("Capped Co");
    const patched = await api("/api/v1/tenant", {
      method: "PATCH",
      key: t.key,
      body: { settings: { liveConnections: 2 } },
    });
    expect(patched.status).toBe(200);
    const kept = [
      (await openSocket("", { key: t.key })).client!,
      (await openSocket("", { key: t.key })).client!,
    ];
    const extra = (await openSocket("", { key: t.key })).client!;
    expect((await extra.closed).code).toBe(1013);
    // The two within the cap still work.
    await createAgent(t.key, { name: "still-live", simulation: SIM });
    const latest = await latestSeq(t.key);
    for (const c of kept) await c.waitForSeq(latest);
    for (const c of kept) c.close();
  });

  it("keeps serving its sockets after the hub object is replaced (hibernation wake-up)", async () => {
    const t = await createTenant("Wake Co");
    const c = (await openSocket("?types=agent.*", { key: t.key })).client!;
    const stub = env.TENANT_HUB.get(env.TENANT_HUB.idFromName(t.tenantId));
    await runInDurableObject(stub, async (_hub, state) => {
      // A fresh object over the same state: what the runtime builds when a hibernated hub wakes.
      const woken = new TenantHub(state, env);
      await state.blockConcurrencyWhile(async () => {});
      const created = await woken.createAgent(
        newId("agt"),
        {
          name: "after-wake",
          kind: "simulated",
          capabilities: ["general"],
          maxConcurrency: 1,
          simulation: SIM,
        },
        {},
        { correlationId: "test" },
      );
      expect(created.ok).toBe(true);
    });
    // The old object's in-memory seq is stale now, so wait for the event itself.
    await waitFor(async () => (c.events.length ? true : undefined), { what: "the event from the woken hub" });
    await settle();
    expect(c.events.map((e) => e.type)).toContain("agent.registered");
    expect(c.events.every((e) => e.type.startsWith("agent."))).toBe(true);
    c.close();
  });

  it("refuses a plain GET with 426 and an unknown type filter with 400, as problem+json", async () => {
    const t = await createTenant("Plain Co");
    const plain = await api("/api/v1/ws", { key: t.key });
    expect(plain.status).toBe(426);
    expect(plain.headers.get("content-type")).toContain("application/problem+json");
    const bad = await openSocket("?types=task.complete,agent.*", { key: t.key });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ errors: [{ field: "types" }] });
    const anonymous = await openSocket("");
    expect(anonymous.status).toBe(401);
  });
});
