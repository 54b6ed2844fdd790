import {
  type AgentInput,
  DEFAULT_CONFIG,
  type DomainEvent,
  type GovernanceConfig,
  GovernanceEngine,
  mergeConfig,
  type Outcome,
  type TaskInput,
} from "../../../shared/governance";

/** A fixed, realistic epoch so that "time 0" bugs cannot hide. */
export const T0 = 1_700_000_000_000;

export function cfg(patch: Partial<GovernanceConfig> = {}): GovernanceConfig {
  return mergeConfig(DEFAULT_CONFIG, patch);
}

export function agent(id: string, over: Partial<AgentInput> = {}): AgentInput {
  return { id, name: id, capabilities: [], maxConcurrency: 4, ...over };
}

export function task(id: string, over: Partial<TaskInput> = {}): TaskInput {
  return { id, impact: 0.5, urgency: 0.5, risk: 0, capabilities: [], ...over };
}

export function engineWith(
  agents: AgentInput[],
  config: Partial<GovernanceConfig> = {},
  now = T0,
): GovernanceEngine {
  const engine = new GovernanceEngine(cfg(config), { now });
  for (const a of agents) engine.registerAgent(a, now);
  return engine;
}

export const types = (events: DomainEvent[]) => events.map((e) => e.type);

export const ofType = (events: DomainEvent[], type: DomainEvent["type"]) =>
  events.filter((e) => e.type === type);

/**
 * Submits one task, ticks, and records `outcome` for it. Returns the result's events, or throws
 * when the task was not assigned (so a test cannot pass by accident).
 */
export function runTask(
  engine: GovernanceEngine,
  id: string,
  outcome: Outcome,
  now: number,
  opts: { task?: Partial<TaskInput>; latencyMs?: number; retryAfterMs?: number } = {},
): { agentId: string; events: DomainEvent[] } {
  engine.submit([task(id, opts.task)], now);
  const tick = engine.tick(now);
  const a = tick.assignments.find((x) => x.taskId === id);
  if (!a) throw new Error(`task ${id} was not assigned: ${JSON.stringify(tick.holds)}`);
  const r = engine.recordResult(
    {
      taskId: id,
      attempt: a.attempt,
      outcome,
      latencyMs: opts.latencyMs ?? 100,
      ...(opts.retryAfterMs === undefined ? {} : { retryAfterMs: opts.retryAfterMs }),
    },
    now,
  );
  if (!r.accepted) throw new Error(`result for ${id} was not accepted`);
  return { agentId: a.agentId, events: [...tick.events, ...r.events] };
}

/** Records `outcome` for an already assigned task's current attempt. */
export function finish(
  engine: GovernanceEngine,
  taskId: string,
  outcome: Outcome,
  now: number,
  latencyMs = 100,
) {
  const t = engine.task(taskId);
  const attempt = t?.attempts[t.attempts.length - 1];
  if (!attempt) throw new Error(`task ${taskId} has no attempt`);
  return engine.recordResult({ taskId, attempt: attempt.attempt, outcome, latencyMs }, now);
}

let fed = 0;

/**
 * Submits one single-attempt task per outcome, assigns them all in one tick (lifting `agentId`
 * above the gate first, so nothing is held back) and records the outcomes in order.
 */
export function feed(
  engine: GovernanceEngine,
  outcomes: Outcome[],
  now: number,
  agentId = "a",
): DomainEvent[] {
  engine.overrideTrust(agentId, 0.99, "test setup", now);
  const ids = outcomes.map(() => `fed${++fed}`);
  engine.submit(
    ids.map((id) => task(id, { maxAttempts: 1 })),
    now,
  );
  const tick = engine.tick(now);
  if (tick.assignments.length !== ids.length) throw new Error(`only ${tick.assignments.length} assigned`);
  return [...tick.events, ...outcomes.flatMap((o, i) => finish(engine, ids[i] ?? "", o, now).events)];
}
