import { beforeAll, describe, expect, it } from "vitest";
import { api, createAgent, createTenant, waitFor } from "../helpers/api";

let a: { tenantId: string; key: string };
let b: { tenantId: string; key: string };
let agentOfB: string;
let taskOfB: string;

beforeAll(async () => {
  a = await createTenant("Tenant A");
  b = await createTenant("Tenant B");
  agentOfB = await createAgent(b.key, { name: "b-agent", simulation: { successRate: 1, latencyMs: 1 } });
  const res = await api<{ id: string }>("/api/v1/tasks", {
    key: b.key,
    body: { impact: 0.5, urgency: 0.5, risk: 0 },
  });
  taskOfB = res.body.id;
});

describe("tenant isolation", () => {
  it("tenant A cannot read tenant B's agent or task (404)", async () => {
    expect((await api(`/api/v1/agents/${agentOfB}`, { key: a.key })).status).toBe(404);
    expect((await api(`/api/v1/tasks/${taskOfB}`, { key: a.key })).status).toBe(404);
    // …while B can.
    expect((await api(`/api/v1/agents/${agentOfB}`, { key: b.key })).status).toBe(200);
    expect((await api(`/api/v1/tasks/${taskOfB}`, { key: b.key })).status).toBe(200);
  });

  it("tenant A cannot change tenant B's agent or task (404), and nothing changes", async () => {
    const before = await api<{ trust: number; name: string }>(`/api/v1/agents/${agentOfB}`, { key: b.key });
    expect(
      (await api(`/api/v1/agents/${agentOfB}`, { key: a.key, method: "PATCH", body: { name: "pwned" } }))
        .status,
    ).toBe(404);
    expect(
      (await api(`/api/v1/agents/${agentOfB}/trust`, { key: a.key, body: { trust: 0, reason: "x" } })).status,
    ).toBe(404);
    expect(
      (await api(`/api/v1/agents/${agentOfB}/suppress`, { key: a.key, body: { reason: "x" } })).status,
    ).toBe(404);
    expect((await api(`/api/v1/agents/${agentOfB}`, { key: a.key, method: "DELETE" })).status).toBe(404);
    expect((await api(`/api/v1/tasks/${taskOfB}/cancel`, { key: a.key, body: {} })).status).toBe(404);
    const after = await api<{ trust: number; name: string }>(`/api/v1/agents/${agentOfB}`, { key: b.key });
    expect(after.body.name).toBe(before.body.name);
    expect(after.body.trust).toBe(before.body.trust);
  });

  it("lists, state and events show only the caller's own tenant", async () => {
    const agents = await api<{ agents: { id: string }[] }>("/api/v1/agents", { key: a.key });
    expect(agents.body.agents.map((x) => x.id)).not.toContain(agentOfB);
    const tasks = await api<{ tasks: { id: string }[] }>("/api/v1/tasks", { key: a.key });
    expect(tasks.body.tasks.map((x) => x.id)).not.toContain(taskOfB);
    const filtered = await api<{ tasks: unknown[] }>(`/api/v1/tasks?agentId=${agentOfB}`, { key: a.key });
    expect(filtered.body.tasks).toHaveLength(0);
    const events = await api<{ events: { tenantId: string }[] }>("/api/v1/events", { key: a.key });
    expect(events.body.events.every((e) => e.tenantId === a.tenantId)).toBe(true);
    const state = await api<{ agents: unknown[] }>("/api/v1/governance/state", { key: a.key });
    expect(state.body.agents).toHaveLength(0);
  });

  it("tenant A cannot read tenant B's cycles", async () => {
    await waitFor(
      async () => {
        const t = await api<{ status: string }>(`/api/v1/tasks/${taskOfB}`, { key: b.key });
        return t.body.status === "succeeded" ? true : undefined;
      },
      { what: "B's task to succeed" },
    );
    const trigger = await api<{ cycleId: string }>("/api/v1/governance/trigger", { key: b.key, body: {} });
    expect(trigger.body.cycleId).toMatch(/^cyc_/);
    expect((await api(`/api/v1/governance/cycles/${trigger.body.cycleId}`, { key: b.key })).status).toBe(200);
    expect((await api(`/api/v1/governance/cycles/${trigger.body.cycleId}`, { key: a.key })).status).toBe(404);
    const list = await api<{ cycles: unknown[] }>("/api/v1/governance/cycles", { key: a.key });
    expect(list.body.cycles).toHaveLength(0);
  });
});
