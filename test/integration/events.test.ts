import { beforeAll, describe, expect, it } from "vitest";
import { api, createAgent, createTenant, type Problem, waitFor } from "../helpers/api";

/** GET /events with `types`: the filter GET /ws takes, applied before `limit`. */

interface EventEnvelope {
  seq: number;
  type: string;
}
interface Page {
  events: EventEnvelope[];
  nextAfter: number;
}

let key: string;

const page = (query: Record<string, string>) =>
  api<Page>(`/api/v1/events?${new URLSearchParams({ limit: "1000", ...query })}`, { key });

beforeAll(async () => {
  ({ key } = await createTenant("Events Filter"));
  const helper = await createAgent(key, {
    name: "helper",
    simulation: { successRate: 1, latencyMs: 1, seed: 1 },
  });
  await api(`/api/v1/agents/${helper}/suppress`, { key, body: { reason: "a pause" } });
  await api(`/api/v1/agents/${helper}/reinstate`, { key, body: { reason: "back" } });
  await api(`/api/v1/agents/${helper}`, { key, method: "DELETE" });
  // A lone agent that always fails: suppressing the only capable agent would take out the whole
  // capability, so the tenant's circuit breaker opens instead.
  await createAgent(key, { name: "broken", simulation: { successRate: 0, latencyMs: 1, seed: 2 } });
  const tasks = Array.from({ length: 12 }, () => ({ impact: 0.5, urgency: 0.5, risk: 0.1 }));
  expect((await api("/api/v1/tasks/batch", { key, body: { tasks } })).status).toBe(202);
  await waitFor(async () => ((await page({ types: "circuit.*" })).body.events.length ? true : undefined), {
    what: "the circuit to open",
  });
});

describe("GET /events?types=", () => {
  it("returns only the matching events, exact types and category wildcards alike", async () => {
    const all = (await page({})).body.events;
    for (const types of [
      "circuit.*",
      "agent.*",
      "agent.suppressed,trust.updated",
      "task.created,circuit.opened",
    ]) {
      const entries = types.split(",");
      const expected = all.filter((e) =>
        entries.some((t) => (t.endsWith(".*") ? e.type.startsWith(t.slice(0, -1)) : e.type === t)),
      );
      const res = await page({ types });
      expect(res.status).toBe(200);
      expect(expected.length, types).toBeGreaterThan(0);
      expect(res.body.events.map((e) => e.seq)).toEqual(expected.map((e) => e.seq));
    }
    const circuit = (await page({ types: "circuit.*" })).body.events;
    expect(circuit[0]?.type).toBe("circuit.opened");
  });

  it("counts only matching events against limit, and moves nextAfter past the skipped ones", async () => {
    const all = (await page({})).body.events;
    const agentEvents = all.filter((e) => e.type.startsWith("agent."));
    expect(agentEvents.length).toBeGreaterThanOrEqual(4);

    const first = await page({ types: "agent.*", limit: "2" });
    expect(first.body.events.map((e) => e.seq)).toEqual(agentEvents.slice(0, 2).map((e) => e.seq));
    expect(first.body.nextAfter).toBe(agentEvents[1]?.seq);
    const rest = await page({ types: "agent.*", after: String(first.body.nextAfter) });
    expect(rest.body.events.map((e) => e.seq)).toEqual(agentEvents.slice(2).map((e) => e.seq));

    // A short page has seen everything up to now: polling resumes after the latest event.
    const lastSeq = all[all.length - 1]?.seq ?? 0;
    const short = await page({ types: "agent.registered" });
    expect(short.body.events).toHaveLength(2);
    expect(short.body.nextAfter).toBeGreaterThanOrEqual(lastSeq);
    const none = await page({ types: "webhook.disabled" });
    expect(none.body.events).toEqual([]);
    expect(none.body.nextAfter).toBeGreaterThanOrEqual(lastSeq);
    expect((await page({ types: "agent.*", after: String(none.body.nextAfter) })).body.events).toEqual([]);
  });

  it("refuses an unknown type or category with 400 naming types", async () => {
    for (const types of ["task.exploded", "bogus.*", "agent.*,nope"]) {
      const res = await api<Problem>(`/api/v1/events?${new URLSearchParams({ types })}`, { key });
      expect(res.status, types).toBe(400);
      expect(res.body.errors?.[0]?.field).toBe("types");
    }
  });
});
