import { advanceTime, nextWakeAt } from "./advance";
import { manualSuppress, overrideTrust, registerAgent, reinstate, removeAgent, updateAgent } from "./agents";
import { assignQueued } from "./assignment";
import { refitCircuit } from "./circuit";
import { configChanges, type GovernanceConfig, GovernanceConfigSchema } from "./config";
import { closeCycle, trustMap } from "./cycle";
import { seedRng } from "./exploration";
import {
  createState,
  defaultCycleId,
  type EngineCoreSnapshot,
  restoreState,
  takeCoreSnapshot,
  takeSnapshot,
} from "./snapshot";
import { clampThreshold, type EngineState, event } from "./state";
import { abandonTask, cancelTask, recordResult, releaseTask, submitTasks } from "./task-commands";
import { isTerminal } from "./tasks";
import type {
  AgentInput,
  AgentPatch,
  AgentState,
  CircuitState,
  CycleSummary,
  DomainEvent,
  EngineOptions,
  EngineSnapshot,
  ResultInput,
  ResultResponse,
  TaskInput,
  TaskState,
  TickResult,
} from "./types";

/**
 * The governance engine: a deterministic state machine over agents, tasks, the circuit breaker
 * and the current cycle. No I/O and no clock — every command takes `now` (ms since the epoch) —
 * and randomness only from a seeded generator whose state is part of the snapshot. Commands
 * mutate the engine and return domain events; the hub persists state and wraps the events.
 * Reads return copies, so callers cannot bend the engine's invariants from outside.
 */
export class GovernanceEngine {
  private readonly s: EngineState;
  /** A fresh engine starts its first cycle at the first `now` it is given. */
  private started: boolean;

  constructor(config: GovernanceConfig, options: EngineOptions = {}) {
    const valid = GovernanceConfigSchema.parse(config);
    const newCycleId = options.newCycleId ?? defaultCycleId;
    if (options.snapshot) {
      this.s = restoreState(options.snapshot, valid, newCycleId);
      this.started = true;
    } else {
      this.s = createState(valid, newCycleId, options.now ?? 0);
      this.started = options.now !== undefined;
    }
  }

  private touch(now: number): void {
    if (this.started) return;
    this.started = true;
    this.s.cycle.startedAt = now;
    this.s.cycle.trustBefore = trustMap(this.s);
  }

  // --- reads ------------------------------------------------------------------------------------

  snapshot(): EngineSnapshot {
    return takeSnapshot(this.s);
  }

  /**
   * The snapshot without agents and tasks, for stores that persist those as rows: cheap enough to
   * take after every command, where a full snapshot would copy every open task.
   */
  coreSnapshot(): EngineCoreSnapshot {
    return takeCoreSnapshot(this.s);
  }

  get config(): GovernanceConfig {
    return { ...this.s.config };
  }

  get threshold(): number {
    return this.s.threshold;
  }

  get circuit(): CircuitState {
    return structuredClone(this.s.circuit);
  }

  agent(id: string): AgentState | undefined {
    const a = this.s.agents.get(id);
    return a ? structuredClone(a) : undefined;
  }

  /** In id order. */
  agents(): AgentState[] {
    return [...this.s.agents.values()].map((a) => structuredClone(a));
  }

  task(id: string): TaskState | undefined {
    const t = this.s.tasks.get(id);
    return t ? structuredClone(t) : undefined;
  }

  /** Every task still held: open ones and terminal ones not yet pruned (in no guaranteed order). */
  tasks(): TaskState[] {
    return [...this.s.tasks.values()].map((t) => structuredClone(t));
  }

  openCounts(): { queued: number; assigned: number } {
    return { queued: this.s.queued.size, assigned: this.s.assigned.size };
  }

  currentCycle(): CycleSummary {
    const c = this.s.cycle;
    return { id: c.id, number: c.number, startedAt: c.startedAt, results: c.results };
  }

  nextWakeAt(): number | null {
    return nextWakeAt(this.s);
  }

  // --- fleet ------------------------------------------------------------------------------------

  registerAgent(input: AgentInput, now: number): DomainEvent[] {
    this.touch(now);
    return registerAgent(this.s, input, now);
  }

  updateAgent(id: string, patch: AgentPatch, now: number): DomainEvent[] {
    this.touch(now);
    return updateAgent(this.s, id, patch);
  }

  removeAgent(id: string, now: number): DomainEvent[] {
    this.touch(now);
    return removeAgent(this.s, id, now);
  }

  overrideTrust(id: string, trust: number, reason: string, now: number): DomainEvent[] {
    this.touch(now);
    return overrideTrust(this.s, id, trust, reason);
  }

  suppress(id: string, reason: string, now: number): DomainEvent[] {
    this.touch(now);
    return manualSuppress(this.s, id, reason, now);
  }

  reinstate(id: string, reason: string, now: number): DomainEvent[] {
    this.touch(now);
    return reinstate(this.s, id, reason);
  }

  /**
   * Replaces the config (validated as a whole). Changing trustThreshold resets the live threshold
   * to it — an operator who sets it expects the gate to move; otherwise the live threshold is only
   * re-clamped to [thresholdMin, thresholdMax]. A new explorationSeed reseeds the sampler.
   */
  setConfig(config: GovernanceConfig, now: number): DomainEvent[] {
    this.touch(now);
    const next = GovernanceConfigSchema.parse(config);
    const before = this.s.config;
    const changes = configChanges(before, next);
    if (Object.keys(changes).length === 0) return [];
    const thresholdBefore = this.s.threshold;
    this.s.config = next;
    const base = next.trustThreshold !== before.trustThreshold ? next.trustThreshold : this.s.threshold;
    this.s.threshold = clampThreshold(base, next);
    refitCircuit(this.s.circuit, next);
    if (next.explorationSeed !== before.explorationSeed) this.s.rng = seedRng(next.explorationSeed);
    for (const a of this.s.agents.values()) {
      while (a.recentTrust.length > next.driftWindow) a.recentTrust.shift();
    }
    return [event("config.updated", { changes, thresholdBefore, thresholdAfter: this.s.threshold })];
  }

  // --- tasks ------------------------------------------------------------------------------------

  submit(tasks: TaskInput[], now: number): DomainEvent[] {
    this.touch(now);
    return submitTasks(this.s, tasks, now);
  }

  cancel(taskId: string, reason: string, now: number): DomainEvent[] {
    this.touch(now);
    return cancelTask(this.s, taskId, reason, now);
  }

  /** Runs advance(now) first, then assigns; the returned events include both. */
  tick(now: number): TickResult {
    this.touch(now);
    const events: DomainEvent[] = [];
    advanceTime(this.s, now, events);
    const { assignments, holds } = assignQueued(this.s, now, events);
    return { assignments, holds, events };
  }

  release(taskId: string, attempt: number, now: number): DomainEvent[] {
    this.touch(now);
    return releaseTask(this.s, taskId, attempt, now);
  }

  recordResult(r: ResultInput, now: number): ResultResponse {
    this.touch(now);
    return recordResult(this.s, r, now);
  }

  abandon(taskId: string, attempt: number, reason: string, now: number): ResultResponse {
    this.touch(now);
    return abandonTask(this.s, taskId, attempt, reason, now);
  }

  // --- time -------------------------------------------------------------------------------------

  advance(now: number): DomainEvent[] {
    this.touch(now);
    const events: DomainEvent[] = [];
    advanceTime(this.s, now, events);
    return events;
  }

  /** Closes the current cycle now if it has at least one result. */
  closeCycle(now: number): DomainEvent[] {
    this.touch(now);
    if (this.s.cycle.results === 0) return [];
    const events: DomainEvent[] = [];
    closeCycle(this.s, now, events);
    return events;
  }

  /** Forgets terminal tasks (the hub has persisted them); returns their ids. */
  pruneTerminal(): string[] {
    const pruned: string[] = [];
    for (const [id, t] of this.s.tasks) {
      if (isTerminal(t.status)) {
        this.s.tasks.delete(id);
        pruned.push(id);
      }
    }
    return pruned;
  }
}
