import type { Simulation } from "../schemas/agents";

/**
 * The six simulated agents of the demo tenant. Profiles are written at 1× speed: latencies of a
 * few seconds, like model-backed agents. At a faster speed every latency is divided by the speed,
 * so the same work takes the same share of story time and the story plays out the same way.
 */
export interface CastMember {
  name: string;
  /** What the agent is like, for the console and the docs. */
  note: string;
  capabilities: string[];
  maxConcurrency: number;
  /** The healthy profile at 1×; story steps replace parts of it for a while. */
  simulation: Simulation;
}

export const DEMO_CAST: readonly CastMember[] = [
  {
    name: "atlas",
    note: "excellent",
    capabilities: ["general", "code"],
    maxConcurrency: 2,
    simulation: { successRate: 0.98, latencyMs: 2_000, seed: 11 },
  },
  {
    name: "beacon",
    note: "good",
    capabilities: ["general", "research"],
    maxConcurrency: 2,
    simulation: { successRate: 0.94, latencyMs: 2_400, seed: 22 },
  },
  {
    name: "cipher",
    note: "good, sometimes rate-limited",
    capabilities: ["general", "code"],
    maxConcurrency: 2,
    simulation: { successRate: 0.93, latencyMs: 2_200, rateLimitRate: 0.02, seed: 33 },
  },
  {
    name: "dune",
    note: "mediocre and slow",
    capabilities: ["general"],
    maxConcurrency: 2,
    simulation: { successRate: 0.86, latencyMs: 3_500, timeoutRate: 0.02, seed: 44 },
  },
  {
    name: "ember",
    note: "reliable until a bad release; drifts, is suppressed, and is redeemed after the fix",
    capabilities: ["general", "research"],
    maxConcurrency: 2,
    simulation: { successRate: 0.97, latencyMs: 1_800, seed: 55 },
  },
  {
    name: "fault",
    note: "fails hard; excluded after three suppressions",
    capabilities: ["general"],
    maxConcurrency: 2,
    simulation: { successRate: 0.1, latencyMs: 1_200, timeoutRate: 0.1, seed: 66 },
  },
];

export function castMember(name: string): CastMember | undefined {
  return DEMO_CAST.find((m) => m.name === name);
}

/** A 1× profile as it runs at `speed`: latencies shrink with the speed, odds stay. */
export function atSpeed(simulation: Simulation, speed: number): Simulation {
  return { ...simulation, latencyMs: Math.max(1, Math.round(simulation.latencyMs / speed)) };
}
