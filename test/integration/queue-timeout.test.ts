import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { api, createAgent, createTenant, type TaskBody, waitFor, waitForTerminal } from "../helpers/api";

let key: string;
let tenantId: string;

beforeAll(async () => {
  ({ key, tenantId } = await createTenant("Queue Timeout"));
  const config = await api("/api/v1/governance/config", {
    key,
    method: "PATCH",
    body: { queueTimeoutMs: 1500 },
  });
  expect(config.status).toBe(200);
  await createAgent(key, { name: "newcomer", simulation: { successRate: 1, latencyMs: 5, seed: 1 } });
});

describe("a task no agent is trusted enough for", () => {
  it("waits on the trust gate, then fails with reason queue_timeout instead of waiting forever", async () => {
    // A new agent (trust 0.5) is below the gate for risk 0.9 (0.6 + 0.2 × 0.9 = 0.78).
    const created = await api<TaskBody>("/api/v1/tasks", {
      key,
      body: { impact: 0.5, urgency: 0.5, risk: 0.9, capabilities: ["general"] },
    });
    expect(created.status).toBe(202);
    const held = await waitFor(
      async () => {
        const t = await api<TaskBody>(`/api/v1/tasks/${created.body.id}`, { key });
        return t.body.holdReason ? t.body : undefined;
      },
      { what: "the task to be held" },
    );
    expect(held).toMatchObject({ status: "queued", holdReason: "trust_gate" });

    // Nothing else happens in this tenant: the hub's own alarm must end the wait.
    const task = await waitForTerminal(key, created.body.id);
    expect(task).toMatchObject({ status: "failed", reason: "queue_timeout", attempts: [] });

    const events = await api<{ events: { type: string; taskId?: string; data: Record<string, unknown> }[] }>(
      "/api/v1/events?limit=1000",
      { key },
    );
    const failed = events.body.events.find((e) => e.type === "task.failed" && e.taskId === created.body.id);
    expect(failed?.data).toMatchObject({ reason: "queue_timeout", holdReason: "trust_gate" });
    expect(failed?.data.waitedMs).toBeGreaterThanOrEqual(1500);

    const row = await waitFor(
      () =>
        env.DB.prepare("SELECT status, reason FROM task_history WHERE tenant_id = ? AND task_id = ?")
          .bind(tenantId, created.body.id)
          .first<{ status: string; reason: string }>()
          .then((r) => r ?? undefined),
      { what: "the task's history row" },
    );
    expect(row).toEqual({ status: "failed", reason: "queue_timeout" });
  });

  it("refuses a queue timeout outside 1 ms … 7 days, naming the field", async () => {
    const res = await api<{ errors?: { field: string }[]; detail: string }>("/api/v1/governance/config", {
      key,
      method: "PATCH",
      body: { queueTimeoutMs: 8 * 24 * 3600 * 1000 },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(JSON.stringify(res.body)).toContain("queueTimeoutMs");
  });
});
