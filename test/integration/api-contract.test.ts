import { describe, expect, it } from "vitest";
import { api, createAgent, createTenant, waitFor } from "../helpers/api";

const PATHS: [string, string][] = [
  ["post", "/admin/tenants"],
  ["get", "/agents"],
  ["post", "/agents"],
  ["get", "/agents/{id}"],
  ["patch", "/agents/{id}"],
  ["delete", "/agents/{id}"],
  ["post", "/agents/{id}/trust"],
  ["post", "/agents/{id}/suppress"],
  ["post", "/agents/{id}/reinstate"],
  ["post", "/tasks"],
  ["post", "/tasks/batch"],
  ["get", "/tasks"],
  ["get", "/tasks/{id}"],
  ["post", "/tasks/{id}/cancel"],
  ["get", "/governance/state"],
  ["get", "/governance/config"],
  ["patch", "/governance/config"],
  ["post", "/governance/trigger"],
  ["get", "/governance/cycles"],
  ["get", "/governance/cycles/{id}"],
  ["get", "/events"],
];

describe("the API contract", () => {
  it("the OpenAPI 3.1 document describes every path", async () => {
    const res = await api<{ openapi: string; paths: Record<string, Record<string, unknown>> }>(
      "/api/v1/openapi.json",
    );
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe("3.1.0");
    for (const [method, path] of PATHS)
      expect(res.body.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    expect((await api("/api/docs")).status).toBe(200);
  });

  it("health and readiness answer", async () => {
    const live = await api<{ status: string }>("/health");
    expect(live.status).toBe(200);
    expect(live.headers.get("x-request-id")).toMatch(/^req_/);
    const ready = await api<{ status: string; checks: Record<string, string> }>("/health/ready");
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toEqual({ d1: "ok", hub: "ok" });
  });

  it("manages agents: register, read, update, trust override, suppress, reinstate, delete", async () => {
    const { key } = await createTenant("Contract Co");
    const id = await createAgent(key, { name: "alpha", simulation: { successRate: 1, latencyMs: 1 } });
    const got = await api<{ name: string; trust: number; status: string; kind: string }>(
      `/api/v1/agents/${id}`,
      { key },
    );
    expect(got.body).toMatchObject({ name: "alpha", trust: 0.5, status: "active", kind: "simulated" });

    const patched = await api<{ name: string; maxConcurrency: number }>(`/api/v1/agents/${id}`, {
      key,
      method: "PATCH",
      body: { name: "alpha-2", maxConcurrency: 3 },
    });
    expect(patched.body).toMatchObject({ name: "alpha-2", maxConcurrency: 3 });

    const trust = await api<{ trust: number }>(`/api/v1/agents/${id}/trust`, {
      key,
      body: { trust: 0.9, reason: "vetted" },
    });
    expect(trust.body.trust).toBe(0.9);
    const suppressed = await api<{ status: string }>(`/api/v1/agents/${id}/suppress`, {
      key,
      body: { reason: "incident" },
    });
    expect(suppressed.body.status).toBe("suppressed");
    const reinstated = await api<{ status: string }>(`/api/v1/agents/${id}/reinstate`, {
      key,
      body: { reason: "fixed" },
    });
    expect(reinstated.body.status).toBe("active");

    const events = await api<{ events: { type: string; data: Record<string, unknown> }[] }>(
      "/api/v1/events",
      { key },
    );
    const types = events.body.events.map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining([
        "agent.registered",
        "agent.updated",
        "trust.updated",
        "agent.suppressed",
        "agent.reinstated",
      ]),
    );
    expect(events.body.events.find((e) => e.type === "trust.updated")?.data.reason).toBe("vetted");

    expect((await api(`/api/v1/agents/${id}`, { key, method: "DELETE" })).status).toBe(204);
    expect((await api(`/api/v1/agents/${id}`, { key })).status).toBe(404);
  });

  it("holds a task with a reason, lists with cursors, and cancels", async () => {
    const { key } = await createTenant("Hold Co");
    const res = await api<{ taskIds: string[] }>("/api/v1/tasks/batch", {
      key,
      body: {
        tasks: Array.from({ length: 5 }, (_, i) => ({
          impact: i / 5,
          urgency: 0.5,
          risk: 0.2,
          capabilities: ["nobody"],
        })),
      },
    });
    expect(res.status).toBe(202);
    const held = await waitFor(
      async () => {
        const t = await api<{ status: string; holdReason: string | null }>(
          `/api/v1/tasks/${res.body.taskIds[0]}`,
          { key },
        );
        return t.body.holdReason ? t.body : undefined;
      },
      { what: "a hold reason" },
    );
    expect(held).toMatchObject({ status: "queued", holdReason: "no_capable_agent" });

    const page1 = await api<{ tasks: { id: string }[]; nextCursor: string | null }>("/api/v1/tasks?limit=2", {
      key,
    });
    expect(page1.body.tasks.map((t) => t.id)).toEqual([res.body.taskIds[4], res.body.taskIds[3]]);
    const page2 = await api<{ tasks: { id: string }[]; nextCursor: string | null }>(
      `/api/v1/tasks?limit=2&cursor=${page1.body.nextCursor}`,
      { key },
    );
    expect(page2.body.tasks.map((t) => t.id)).toEqual([res.body.taskIds[2], res.body.taskIds[1]]);
    const queued = await api<{ tasks: unknown[] }>("/api/v1/tasks?status=queued&limit=50", { key });
    expect(queued.body.tasks).toHaveLength(5);

    const cancelled = await api<{ status: string }>(`/api/v1/tasks/${res.body.taskIds[0]}/cancel`, {
      key,
      body: { reason: "no longer needed" },
    });
    expect(cancelled.body.status).toBe("cancelled");
    const state = await api<{ tasks: Record<string, number>; circuit: { state: string }; threshold: number }>(
      "/api/v1/governance/state",
      { key },
    );
    expect(state.body.tasks).toMatchObject({ queued: 4, cancelled: 1 });
    expect(state.body.circuit.state).toBe("closed");
    expect(state.body.threshold).toBe(0.6);
  });
});
