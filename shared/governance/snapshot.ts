import { freshCircuit, refitCircuit } from "./circuit";
import type { GovernanceConfig } from "./config";
import { openCycle } from "./cycle";
import { seedRng } from "./exploration";
import { clampThreshold, compareIds, type EngineState } from "./state";
import type { EngineSnapshot } from "./types";

export const defaultCycleId = (n: number): string => `cyc_${n}`;

export function createState(
  config: GovernanceConfig,
  newCycleId: (n: number) => string,
  now = 0,
): EngineState {
  const state: EngineState = {
    config,
    threshold: clampThreshold(config.trustThreshold, config),
    agents: new Map(),
    tasks: new Map(),
    queued: new Map(),
    assigned: new Map(),
    circuit: freshCircuit(config),
    // Replaced right below; openCycle needs the rest of the state to exist first.
    cycle: undefined as unknown as EngineState["cycle"],
    rng: seedRng(config.explorationSeed),
    cycleCounter: 0,
    newCycleId,
  };
  state.cycle = openCycle(state, now);
  return state;
}

/**
 * Rebuilds state from a snapshot. The `config` argument wins over the snapshot's copy (the hub
 * stores config separately and it is the audited source); the threshold is re-clamped to it.
 */
export function restoreState(
  snapshot: EngineSnapshot,
  config: GovernanceConfig,
  newCycleId: (n: number) => string,
): EngineState {
  if (snapshot.version !== 1)
    throw new Error(`unsupported engine snapshot version ${String(snapshot.version)}`);
  const s = structuredClone(snapshot);
  const state: EngineState = {
    config,
    threshold: clampThreshold(s.threshold, config),
    agents: new Map(),
    tasks: new Map(),
    queued: new Map(),
    assigned: new Map(),
    circuit: s.circuit,
    cycle: s.cycle,
    rng: { state: s.rngState >>> 0 },
    cycleCounter: s.cycleCounter,
    newCycleId,
  };
  refitCircuit(state.circuit, config);
  for (const a of [...s.agents].sort((x, y) => compareIds(x.id, y.id))) state.agents.set(a.id, a);
  for (const t of s.tasks) {
    state.tasks.set(t.id, t);
    if (t.status === "queued") state.queued.set(t.id, t);
    else if (t.status === "assigned") state.assigned.set(t.id, t);
  }
  return state;
}

/** Everything but agents and tasks: what a store that keeps those as rows persists on each change. */
export type EngineCoreSnapshot = Omit<EngineSnapshot, "agents" | "tasks">;

export function takeCoreSnapshot(state: EngineState): EngineCoreSnapshot {
  return structuredClone({
    version: 1 as const,
    config: state.config,
    threshold: state.threshold,
    circuit: state.circuit,
    cycle: state.cycle,
    rngState: state.rng.state,
    cycleCounter: state.cycleCounter,
  });
}

export function takeSnapshot(state: EngineState): EngineSnapshot {
  return {
    ...takeCoreSnapshot(state),
    agents: structuredClone([...state.agents.values()]),
    tasks: structuredClone([...state.tasks.values()]),
  };
}
