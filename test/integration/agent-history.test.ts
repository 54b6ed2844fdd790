import { describe, expect, it } from "vitest";
import type { AgentHistory } from "../../shared/schemas/analytics";
import { api, createAgent, createTenant, type Problem, waitFor } from "../helpers/api";

const sim = { successRate: 0.9, latencyMs: 5, seed: 7 };

const history = (key: string, agentId: string, query: Record<string, string> = {}) =>
  api<AgentHistory>(`/api/v1/agents/${agentId}/history?${new URLSearchParams(query)}`, { key });

/** History reaches D1 a moment after the hub acts: poll until `ready` holds. */
const settled = (key: string, agentId: string, ready: (h: AgentHistory) => boolean) =>
  waitFor(
    async () => {
      const res = await history(key, agentId);
      return res.status === 200 && ready(res.body) ? res.body : undefined;
    },
    { what: "the agent's history to reach D1" },
  );

async function post(key: string, path: string, body: unknown): Promise<void> {
  const res = await api(path, { key, body });
  expect(res.status, `${path} ${JSON.stringify(res.body)}`).toBe(200);
}

describe("GET /agents/{id}/history", () => {
  it("lists manual trust changes and suppression then reinstatement, in order, with before and after", async () => {
    const { key } = await createTenant("History Inc");
    const agentId = await createAgent(key, { name: "scribe", simulation: sim });
    await post(key, `/api/v1/agents/${agentId}/trust`, { trust: 0.8, reason: "calibrated by hand" });
    await post(key, `/api/v1/agents/${agentId}/suppress`, { reason: "investigating bad outputs" });
    await post(key, `/api/v1/agents/${agentId}/reinstate`, { reason: "all clear" });
    await post(key, `/api/v1/agents/${agentId}/trust`, { trust: 0.3, reason: "second look" });

    const h = await settled(key, agentId, (b) => b.trust.length === 2 && b.status.length === 3);
    expect(h.agentId).toBe(agentId);
    expect(h.trust.map(({ before, after, cause }) => ({ before, after, cause }))).toEqual([
      { before: 0.5, after: 0.8, cause: "calibrated by hand" },
      { before: 0.8, after: 0.3, cause: "second look" },
    ]);
    expect(h.status.map((s) => [s.type, s.status])).toEqual([
      ["agent.registered", "active"],
      ["agent.suppressed", "suppressed"],
      ["agent.reinstated", "active"],
    ]);
    // The event's data, parsed: the reasons given and the trust at the time.
    expect(h.status[1]?.detail).toMatchObject({ reason: "investigating bad outputs", cause: "manual" });
    expect(h.status[2]?.detail).toMatchObject({ reason: "all clear", from: "suppressed", trust: 0.8 });

    // One timeline: the two kinds interleave by seq exactly as they happened.
    const timeline = [...h.trust.map((t) => ({ ...t, type: "trust" })), ...h.status].sort(
      (x, y) => x.seq - y.seq,
    );
    expect(timeline.map((e) => e.type)).toEqual([
      "agent.registered",
      "trust",
      "agent.suppressed",
      "agent.reinstated",
      "trust",
    ]);
    const times = timeline.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((x, y) => x - y));

    // `limit` keeps the latest rows of each kind, still oldest first.
    const latest = await history(key, agentId, { limit: "2" });
    expect(latest.body.trust.map((t) => t.after)).toEqual([0.8, 0.3]);
    expect(latest.body.status.map((s) => s.type)).toEqual(["agent.suppressed", "agent.reinstated"]);
    const one = await history(key, agentId, { limit: "1" });
    expect(one.body.trust.map((t) => t.cause)).toEqual(["second look"]);

    // A window before any of it is empty.
    const before = await history(key, agentId, {
      from: "2020-01-01T00:00:00Z",
      to: "2020-01-02T00:00:00Z",
    });
    expect(before.body).toEqual({ agentId, trust: [], status: [] });

    // A removed agent keeps its history.
    expect((await api(`/api/v1/agents/${agentId}`, { key, method: "DELETE" })).status).toBe(204);
    const removed = await settled(key, agentId, (b) => b.status.length === 4);
    expect(removed.status[3]).toMatchObject({ type: "agent.removed", status: "removed" });
  });

  it("gives 404 for another tenant's agent and for an unknown one, 400 for bad input", async () => {
    const a = await createTenant("History A");
    const b = await createTenant("History B");
    const agentId = await createAgent(a.key, { name: "private", simulation: sim });
    await settled(a.key, agentId, (h) => h.status.length === 1);

    const foreign = await history(b.key, agentId);
    expect(foreign.status).toBe(404);
    expect((foreign.body as unknown as Problem).detail).toBe(`Agent ${agentId} was not found.`);
    const unknown = await history(a.key, "agt_01jd0000000000000000000000");
    expect(unknown.status).toBe(404);

    for (const [query, field] of [
      [{ limit: "0" }, "limit"],
      [{ limit: "5001" }, "limit"],
      [{ from: "not a date" }, "from"],
      [{ from: "2026-01-02T00:00:00Z", to: "2026-01-01T00:00:00Z" }, "to"],
    ] as [Record<string, string>, string][]) {
      const res = await api<Problem>(`/api/v1/agents/${agentId}/history?${new URLSearchParams(query)}`, {
        key: a.key,
      });
      expect(res.status, JSON.stringify(query)).toBe(400);
      expect(res.body.errors?.map((e) => e.field)).toContain(field);
    }
    const badId = await api<Problem>("/api/v1/agents/nope/history", { key: a.key });
    expect(badId.status).toBe(400);
  });
});
