import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { TenantHub } from "../../durable-objects/tenant-hub";
import type { EventEnvelope } from "../../shared/events";
import { api, createAgent, createTenant, waitFor } from "../helpers/api";

interface EventPage {
  events: EventEnvelope[];
  nextAfter: number;
}

describe("the hub survives a restart", () => {
  it("a new instance over the same storage has the same agents, tasks, config, cycle and event log", async () => {
    const { key, tenantId } = await createTenant("Restart Co");
    await api("/api/v1/governance/config", { key, method: "PATCH", body: { learningRate: 0.07 } });
    await createAgent(key, { name: "steady", simulation: { successRate: 1, latencyMs: 1, seed: 3 } });
    const batch = await api<{ taskIds: string[] }>("/api/v1/tasks/batch", {
      key,
      body: {
        tasks: [
          { impact: 0.5, urgency: 0.5, risk: 0.1 },
          { impact: 0.5, urgency: 0.5, risk: 0.1, capabilities: ["nobody-has-this"] },
        ],
      },
    });
    await waitFor(
      async () => {
        const t = await api<{ status: string }>(`/api/v1/tasks/${batch.body.taskIds[0]}`, { key });
        return t.body.status === "succeeded" ? true : undefined;
      },
      { what: "the first task to succeed" },
    );

    const stub = env.TENANT_HUB.get(env.TENANT_HUB.idFromName(tenantId));
    const before = await stub.getState();
    // RPC stub types cannot express `data: unknown`; the envelope is plain JSON.
    const eventsBefore = (await stub.listEvents(0, 1000)) as unknown as EventPage;

    await runInDurableObject(stub, async (_instance, state) => {
      // What the runtime does after an eviction: a fresh object over the same SQLite storage.
      const fresh = new TenantHub(state, env);
      await state.blockConcurrencyWhile(async () => {});
      const after = await fresh.getState();
      expect(after.config.learningRate).toBe(0.07);
      expect(after.threshold).toBe(before.threshold);
      expect(after.agents).toEqual(before.agents);
      expect(after.tasks).toEqual(before.tasks);
      expect(after.cycle).toEqual(before.cycle);
      expect((await fresh.listEvents(0, 1000)).events).toEqual(eventsBefore.events);
      const held = await fresh.getTask(batch.body.taskIds[1] ?? "");
      expect(held.ok && held.value.status).toBe("queued");
      // New events continue the same gap-free sequence.
      const created = await fresh.submitTasks(
        [{ impact: 0.1, urgency: 0.1, risk: 0, capabilities: [] }],
        null,
        {
          correlationId: "test",
        },
      );
      expect(created.ok).toBe(true);
      const next = await fresh.listEvents(eventsBefore.nextAfter, 10);
      expect(next.events[0]?.seq).toBe(eventsBefore.nextAfter + 1);
    });
  });
});
