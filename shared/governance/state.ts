import type { GovernanceConfig } from "./config";
import type { Rng } from "./exploration";
import type { AgentState, CircuitState, CycleState, DomainEvent, EventType, TaskState } from "./types";

/**
 * The engine's working state. Modules mutate it in place and append events to an `out` array;
 * the class in engine.ts is the only public door.
 */
export interface EngineState {
  config: GovernanceConfig;
  threshold: number;
  /**
   * Kept in id order: the hub restores agents sorted by id, and iteration order decides event
   * order and tie-breaks, so a restored engine must iterate exactly like the original.
   */
  agents: Map<string, AgentState>;
  tasks: Map<string, TaskState>;
  /**
   * Tasks in status queued / assigned, by id, so ticks and timeouts never scan terminal tasks (and
   * a tick reaches each queued task without a second lookup).
   */
  queued: Map<string, TaskState>;
  assigned: Map<string, TaskState>;
  circuit: CircuitState;
  cycle: CycleState;
  rng: Rng;
  cycleCounter: number;
  newCycleId: (n: number) => string;
}

export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Re-inserts agents sorted by id (registration is rare, so a rebuild is cheap enough). */
export function sortAgents(state: EngineState): void {
  const sorted = [...state.agents.values()].sort((a, b) => compareIds(a.id, b.id));
  state.agents.clear();
  for (const a of sorted) state.agents.set(a.id, a);
}

export function event(
  type: EventType,
  data: Record<string, unknown>,
  refs: { agentId?: string | undefined; taskId?: string | undefined; cycleId?: string | undefined } = {},
): DomainEvent {
  const e: DomainEvent = { type, data };
  if (refs.agentId !== undefined) e.agentId = refs.agentId;
  if (refs.taskId !== undefined) e.taskId = refs.taskId;
  if (refs.cycleId !== undefined) e.cycleId = refs.cycleId;
  return e;
}

/** Thresholds move in steps of 0.02; rounding stops 0.6 + 0.02 + … from collecting float dust. */
export function roundThreshold(x: number): number {
  return Math.round(x * 1e9) / 1e9;
}

export function clampThreshold(x: number, config: GovernanceConfig): number {
  return roundThreshold(Math.min(config.thresholdMax, Math.max(config.thresholdMin, x)));
}
