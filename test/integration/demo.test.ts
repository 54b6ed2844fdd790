import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STORY, STORY_LENGTH_S } from "../../shared/demo/story";
import { adminHeaders } from "../helpers/admin";
import { api, createTenant, type Problem, waitFor } from "../helpers/api";

/**
 * The autoplay demo on real parts: the platform admin makes a tenant the demo, its owner's key
 * starts the story over at 10×, and the hub's director plays it through the same commands, the
 * real execution queue and the simulated executor. Every mechanism must show in the event log
 * within the scripted time.
 */

interface DemoState {
  speed: number;
  autoplay: boolean;
  startedAt: string;
  elapsedSeconds: number;
  finished: boolean;
  tasksSubmitted: number;
  stepsDone: number;
  nextStep: { at: number; title: string } | null;
  script: { at: number; title: string }[];
}
interface Agent {
  id: string;
  name: string;
  trust: number;
  status: string;
}
interface EventEnvelope {
  seq: number;
  type: string;
  agentId?: string;
}

const MECHANISMS = [
  { type: "drift.detected", agent: "ember" },
  { type: "agent.suppressed", agent: "ember" },
  { type: "agent.probation", agent: "ember" },
  { type: "agent.reinstated", agent: "ember" },
  { type: "agent.excluded", agent: "fault" },
  { type: "circuit.opened", agent: null },
  { type: "circuit.half_opened", agent: null },
  { type: "circuit.closed", agent: null },
  { type: "mutation.applied", agent: null },
] as const;
const TYPES = [...new Set(MECHANISMS.map((m) => m.type))].join(",");
/** 27 s of story at 10×, with room for workerd's own pace. */
const SCRIPTED_MS = 45_000;

let tenantId: string;
let key: string;

function makeDemo(body: unknown) {
  return api<DemoState>(`/api/v1/admin/tenants/${tenantId}/demo`, {
    method: "PUT",
    headers: adminHeaders,
    body,
  });
}

async function agentsByName(): Promise<Record<string, Agent>> {
  const res = await api<{ agents: Agent[] }>("/api/v1/agents", { key });
  return Object.fromEntries(res.body.agents.map((a) => [a.name, a]));
}

beforeAll(async () => {
  ({ tenantId, key } = await createTenant("Demo Story"));
  const res = await makeDemo({ speed: 10, autoplay: false });
  expect(res.status).toBe(200);
});

afterAll(async () => {
  // Quiet the tenant again: the stream would otherwise run on while the other files' tests do.
  await makeDemo({ speed: 10, autoplay: false });
});

describe("making a tenant the demo", () => {
  it("registers the six agents of the cast and holds the story while autoplay is off", async () => {
    const agents = await agentsByName();
    expect(Object.keys(agents).sort()).toEqual(["atlas", "beacon", "cipher", "dune", "ember", "fault"]);
    const state = await api<DemoState>("/api/v1/demo", { key });
    expect(state.status).toBe(200);
    expect(state.body).toMatchObject({ speed: 10, autoplay: false, tasksSubmitted: 0 });
    expect(state.body.script.map((s) => s.title)).toEqual(STORY.map((s) => s.title));
  });

  it("is the platform admin's call, with a speed the demo knows", async () => {
    const asTenant = await api(`/api/v1/admin/tenants/${tenantId}/demo`, {
      method: "PUT",
      key,
      body: { speed: 10, autoplay: false },
    });
    expect(asTenant.status).toBe(401);
    const bad = await makeDemo({ speed: 7, autoplay: true });
    expect(bad.status).toBe(400);
    expect((bad.body as unknown as Problem).errors?.map((e) => e.field)).toEqual(["speed"]);
  });
});

describe("POST /demo/reset", () => {
  it("refuses a tenant that is not the demo with 403, and GET /demo is 404 there", async () => {
    const other = await createTenant("Not A Demo");
    const res = await api<Problem>("/api/v1/demo/reset", { key: other.key, body: { speed: 10 } });
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(res.body.detail).toBe("Only the demo tenant can be reset.");
    expect((await api<Problem>("/api/v1/demo", { key: other.key })).status).toBe(404);
    // Nothing was registered on the other tenant.
    expect((await api<{ agents: Agent[] }>("/api/v1/agents", { key: other.key })).body.agents).toEqual([]);
  });

  it("answers a bad speed with 400 naming the field", async () => {
    for (const speed of [3, "fast", 0]) {
      const res = await api<Problem>("/api/v1/demo/reset", { key, body: { speed } });
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(res.body.errors?.map((e) => e.field)).toEqual(["speed"]);
    }
  });

  it(
    "plays the story at 10×: every mechanism shows in the event log within the scripted time",
    async () => {
      const reset = await api<DemoState>("/api/v1/demo/reset", { key, body: { speed: 10 } });
      expect(reset.status).toBe(202);
      expect(reset.body).toMatchObject({ speed: 10, autoplay: true, stepsDone: 0 });
      expect(reset.body.script.at(-1)?.at).toBe(STORY_LENGTH_S / 10);
      const started = Date.now();
      const agents = await agentsByName();
      const names = Object.fromEntries(Object.values(agents).map((a) => [a.id, a.name]));

      const seen = new Map<string, number>();
      let after = 0;
      await waitFor(
        async () => {
          const page = await api<{ events: EventEnvelope[]; nextAfter: number }>(
            `/api/v1/events?after=${after}&limit=1000&types=${TYPES}`,
            { key },
          );
          after = page.body.nextAfter;
          for (const e of page.body.events) {
            const who = e.agentId ? (names[e.agentId] ?? "?") : null;
            for (const m of MECHANISMS)
              if (m.type === e.type && (m.agent === null || m.agent === who)) {
                const label = `${m.type}${m.agent ? `:${m.agent}` : ""}`;
                if (!seen.has(label)) seen.set(label, Date.now() - started);
              }
          }
          return seen.size === MECHANISMS.length ? true : undefined;
        },
        {
          timeoutMs: SCRIPTED_MS,
          intervalMs: 500,
          what: `every mechanism (seen so far: ${JSON.stringify(Object.fromEntries(seen))})`,
        },
      ).catch((err: Error) => {
        throw new Error(`${err.message}; seen: ${JSON.stringify(Object.fromEntries(seen))}`);
      });
      expect(Date.now() - started).toBeLessThanOrEqual(SCRIPTED_MS);

      const after_ = await agentsByName();
      expect(after_.fault?.status).toBe("excluded");
      expect(after_.ember?.status).not.toBe("excluded");
      // The director's changes are the system's, each with the story step as its reason.
      const audit = await api<{
        entries: { action: string; actor: { type: string }; reason: string | null }[];
      }>("/api/v1/audit?limit=200", { key });
      const storyRows = audit.body.entries.filter((e) => e.reason?.startsWith("demo story:"));
      expect(storyRows.some((e) => e.action === "agent.update" && /outage/.test(e.reason ?? ""))).toBe(true);
      expect(storyRows.every((e) => e.actor.type === "system")).toBe(true);
    },
    SCRIPTED_MS + 15_000,
  );

  it("mid-story starts over: open tasks cancelled, fresh agents, the clock at zero", async () => {
    const before = await agentsByName();
    const open = await waitFor(
      async () => {
        const res = await api<{ tasks: { id: string }[] }>("/api/v1/tasks?status=queued&limit=50", { key });
        return res.body.tasks.length ? res.body.tasks : undefined;
      },
      { what: "an open task of the stream" },
    );
    const res = await api<DemoState>("/api/v1/demo/reset", { key, body: {} });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ speed: 10, stepsDone: 0 });
    expect(res.body.elapsedSeconds).toBeLessThan(1);

    for (const t of open.slice(0, 5)) {
      const task = await api<{ status: string }>(`/api/v1/tasks/${t.id}`, { key });
      expect(task.body.status).toBe("cancelled");
    }
    const fresh = await agentsByName();
    expect(Object.keys(fresh).sort()).toEqual(Object.keys(before).sort());
    for (const [name, agent] of Object.entries(fresh)) {
      expect(agent.id).not.toBe(before[name]?.id);
      expect(agent.status).toBe("active");
    }
    expect(fresh.fault?.trust).toBeGreaterThan(0.4);
  });
});
