import type { Simulation } from "../schemas/agents";
import type { TaskInput } from "../schemas/tasks";
import { DEMO_CAST } from "./cast";

/**
 * The demo's script: at set story times, agents' simulated behaviour changes, and the governance
 * engine reacts to what follows with its ordinary mechanisms. Nothing here emits an event itself:
 * an agent drifts because its outcomes got worse, not because the script says so.
 *
 * Times are story seconds, i.e. seconds at 1×; at speed s a step happens at `at / s` seconds.
 */

/** What a step does to an agent's 1× profile: some fields replaced, or back to its cast profile. */
export type ProfileChange = Partial<Simulation> | "healthy";

export interface StoryStep {
  at: number;
  title: string;
  profiles?: Record<string, ProfileChange>;
}

/** Every agent except those named: an outage hits the whole upstream, not one agent. */
function everyoneBut(except: string[], change: ProfileChange): Record<string, ProfileChange> {
  return Object.fromEntries(DEMO_CAST.filter((m) => !except.includes(m.name)).map((m) => [m.name, change]));
}

// ember's release goes bad early enough to be suppressed well before its fix lands, and the fix
// lands before its suppression (30 s) runs out, so probation finds it healthy. The outage starts
// after fault's third suppression is due, and ends before the circuit's first cooldown (30 s).
export const STORY: readonly StoryStep[] = [
  { at: 0, title: "Six fresh agents start work at trust 0.5; fault fails almost every task" },
  {
    at: 15,
    title: "ember ships a bad release: almost every task it takes now fails",
    profiles: { ember: { successRate: 0.05, latencyMs: 300 } },
  },
  {
    at: 44,
    title: "ember's fix is deployed: it is healthy again, but must earn its way back",
    profiles: { ember: "healthy" },
  },
  {
    at: 160,
    title: "Upstream outage: every agent's calls fail",
    profiles: everyoneBut(["fault"], { successRate: 0, latencyMs: 400 }),
  },
  {
    at: 185,
    title: "Upstream restored: the circuit will probe before it lets traffic through",
    profiles: everyoneBut(["fault"], "healthy"),
  },
  { at: 270, title: "Story complete: the stream carries on; reset to watch it again" },
];

export const STORY_LENGTH_S = STORY[STORY.length - 1]?.at ?? 0;

/** The 1× profile an agent runs after a change: changes apply to its healthy cast profile. */
export function applyChange(healthy: Simulation, change: ProfileChange): Simulation {
  return change === "healthy" ? { ...healthy } : { ...healthy, ...change };
}

/** Tasks per story second in the steady stream. */
export const STREAM_RATE = 3;

/** A deterministic uniform in [0, 1) per (index, salt): the stream is the same on every run. */
function uniform(index: number, salt: number): number {
  let h = Math.imul(index ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(salt + 1, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return ((h ^ (h >>> 16)) >>> 0) / 4_294_967_296;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * The stream's task number `index`. Half the tasks are low-risk (≤ 0.3), which agents below the
 * gate and on probation may take; the rest need earned trust. A fifth need `code` and a fifth
 * `research`, so two agents compete for those and the rest for `general`.
 */
export function streamTask(index: number, run: number): TaskInput {
  const kind = uniform(index, 1);
  const risk =
    kind < 0.5
      ? 0.3 * uniform(index, 2)
      : kind < 0.85
        ? 0.3 + 0.3 * uniform(index, 2)
        : 0.6 + 0.2 * uniform(index, 2);
  const topic = uniform(index, 3);
  const capabilities = topic < 0.2 ? ["code"] : topic < 0.4 ? ["research"] : ["general"];
  return {
    impact: round2(0.2 + 0.8 * uniform(index, 4)),
    urgency: round2(uniform(index, 5)),
    risk: round2(risk),
    capabilities,
    externalId: `demo-${run}-${index}`,
    payload: { demo: true, step: index },
  };
}
