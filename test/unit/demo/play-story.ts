import { atSpeed, DEMO_CAST } from "../../../shared/demo/cast";
import { dueWork, nextWakeAt, type StoryClock, startClock } from "../../../shared/demo/clock";
import { type DemoSpeed, demoConfig, demoTimeoutMs } from "../../../shared/demo/config";
import { applyChange } from "../../../shared/demo/story";
import {
  DEFAULT_CONFIG,
  type DomainEvent,
  GovernanceEngine,
  mergeConfig,
  type ResultInput,
} from "../../../shared/governance";
import type { Simulation } from "../../../shared/schemas/agents";
import { simulate } from "../../../worker/executors/simulated";

/**
 * Plays the demo story against the pure engine on a virtual clock, the way the hub and the
 * execution queue would: the director's due work, a tick after every change, each assignment run
 * by the simulated executor (its latency waited on the virtual clock) and its result recorded.
 */

export const T0 = 1_700_000_000_000;
/** What the queue and the hub add to each attempt in workerd, roughly. */
const OVERHEAD_MS = 15;

export interface PlayedEvent {
  type: string;
  /** Story seconds since the start. */
  at: number;
  agent: string | null;
  data: Record<string, unknown>;
}

interface Pending {
  at: number;
  result: ResultInput;
}

export async function playStory(speed: DemoSpeed, run: number, untilStoryS: number): Promise<PlayedEvent[]> {
  // As in the hub: the tenant starts with the defaults, and the demo's config is a change to them.
  const engine = new GovernanceEngine(DEFAULT_CONFIG, { now: T0 });
  engine.setConfig(mergeConfig(DEFAULT_CONFIG, demoConfig(speed)), T0);
  const names = new Map<string, string>();
  const profiles = new Map<string, { healthy: Simulation; current: Simulation }>();
  const played: PlayedEvent[] = [];
  const record = (events: DomainEvent[], now: number) => {
    for (const e of events)
      played.push({
        type: e.type,
        at: ((now - T0) * speed) / 1000,
        agent: e.agentId ? (names.get(e.agentId) ?? null) : null,
        data: e.data,
      });
  };
  for (const m of DEMO_CAST) {
    const id = `agt_${m.name}`;
    names.set(id, m.name);
    profiles.set(id, { healthy: m.simulation, current: m.simulation });
    record(
      engine.registerAgent(
        {
          id,
          name: m.name,
          capabilities: m.capabilities,
          maxConcurrency: m.maxConcurrency,
          timeoutMs: demoTimeoutMs(speed),
        },
        T0,
      ),
      T0,
    );
  }

  let clock: StoryClock = startClock(speed, run, T0, false);
  let pending: Pending[] = [];
  let taskNumber = 0;
  const end = T0 + (untilStoryS * 1000) / speed;
  let now = T0;
  while (now <= end) {
    const ready = pending.filter((p) => p.at <= now);
    pending = pending.filter((p) => p.at > now);
    for (const p of ready) record(engine.recordResult(p.result, now).events, now);

    const work = dueWork(clock, now);
    clock = work.clock;
    for (const step of work.steps) {
      for (const [name, change] of Object.entries(step.profiles ?? {})) {
        const profile = profiles.get(`agt_${name}`);
        if (profile) profile.current = applyChange(profile.healthy, change);
      }
    }
    if (work.tasks.length) {
      const tasks = work.tasks.map((t) => ({
        id: `tsk_${run}_${String(taskNumber++).padStart(8, "0")}`,
        impact: t.impact,
        urgency: t.urgency,
        risk: t.risk,
        capabilities: t.capabilities,
        maxAttempts: DEFAULT_CONFIG.defaultMaxAttempts,
      }));
      record(engine.submit(tasks, now), now);
    }

    const tick = engine.tick(now);
    record(tick.events, now);
    for (const a of tick.assignments) {
      const task = engine.task(a.taskId);
      const profile = profiles.get(a.agentId);
      const agent = engine.agent(a.agentId);
      if (!task || !profile || !agent) continue;
      const out = await simulate(
        {
          tenantId: "ten_demo",
          taskId: a.taskId,
          attempt: a.attempt,
          agentId: a.agentId,
          agentTaskNumber: a.agentTaskNumber,
          agent: {
            kind: "simulated",
            endpoint: null,
            timeoutMs: agent.timeoutMs,
            simulation: atSpeed(profile.current, speed),
          },
          task: {
            impact: task.impact,
            urgency: task.urgency,
            risk: task.risk,
            capabilities: task.capabilities,
            externalId: null,
          },
        },
        { sleep: async () => {} },
      );
      pending.push({
        at: now + out.latencyMs + OVERHEAD_MS,
        result: {
          taskId: a.taskId,
          attempt: a.attempt,
          outcome: out.outcome,
          latencyMs: out.latencyMs,
          ...(out.retryAfterMs !== undefined ? { retryAfterMs: out.retryAfterMs } : {}),
        },
      });
    }
    engine.pruneTerminal();

    const candidates = [nextWakeAt(clock, now), engine.nextWakeAt(), ...pending.map((p) => p.at)];
    const next = Math.min(...candidates.filter((c): c is number => c !== null));
    now = Math.max(now + 1, next);
  }
  return played;
}

/** The mechanisms the story must show, each as (event type, agent or null for the tenant). */
export const MECHANISMS: readonly { type: string; agent: string | null }[] = [
  { type: "drift.detected", agent: "ember" },
  { type: "agent.suppressed", agent: "ember" },
  { type: "agent.probation", agent: "ember" },
  { type: "agent.reinstated", agent: "ember" },
  { type: "agent.excluded", agent: "fault" },
  { type: "circuit.opened", agent: null },
  { type: "circuit.half_opened", agent: null },
  { type: "circuit.closed", agent: null },
  { type: "mutation.applied", agent: null },
];

/** Story seconds at which each mechanism first showed, or null if it never did. */
export function firstShown(played: PlayedEvent[]): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const m of MECHANISMS) {
    const hit = played.find((e) => e.type === m.type && (m.agent === null || e.agent === m.agent));
    out[`${m.type}${m.agent ? `:${m.agent}` : ""}`] = hit ? Math.round(hit.at * 10) / 10 : null;
  }
  return out;
}
