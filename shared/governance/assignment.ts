import { probeSlotFree } from "./circuit";
import { countAssignment } from "./cycle";
import { thompsonPick } from "./exploration";
import { type AssignmentFacts, canServe, requiredTrust, respectsRules, TRUST_EPSILON } from "./gate";
import { rankTasks } from "./priority";
import { type EngineState, event } from "./state";
import { nextAttemptNumber, toAssigned } from "./tasks";
import type { AgentState, Assignment, DomainEvent, Hold, HoldReason, TaskState } from "./types";

/**
 * One scheduling pass (ARCHITECTURE §2 step 3): queued tasks in priority order, each to the best
 * agent that covers its capabilities, has a free slot and passes the trust gate — or, below the
 * gate, takes it provisionally under the probation limits. Work per tick is
 * O(tasks · agents serving them) plus one sort; agents are grouped by capability set once.
 */

/** Agents that may work at all and cover one capability set, computed once per tick per set. */
interface Group {
  agents: AgentState[];
  /** Highest trust among the active ones (probation agents never pass the gate). */
  maxActiveTrust: number;
}

interface Choice {
  agent: AgentState;
  provisional: boolean;
  score: number;
}

function capabilityKey(caps: readonly string[]): string {
  if (caps.length === 0) return "";
  if (caps.length === 1) return caps[0] ?? "";
  return [...caps].sort().join("\u0000");
}

/** Drifting agents rank after all healthy ones, then higher score, then the smaller id. */
function better(a: Choice, b: Choice | null): boolean {
  if (b === null) return true;
  if (a.agent.drifting !== b.agent.drifting) return !a.agent.drifting;
  if (a.score !== b.score) return a.score > b.score;
  return a.agent.id < b.agent.id;
}

export interface TickOutcome {
  assignments: Assignment[];
  holds: Hold[];
}

export function assignQueued(state: EngineState, now: number, out: DomainEvent[]): TickOutcome {
  const assignments: Assignment[] = [];
  const holds: Hold[] = [];
  if (state.queued.size === 0) return { assignments, holds };
  const config = state.config;
  const circuit = state.circuit;

  const queued: TaskState[] = [];
  for (const id of state.queued) {
    const t = state.tasks.get(id);
    if (t) queued.push(t);
  }
  const ranked = rankTasks(queued, now, config);

  const working: AgentState[] = [];
  let freeSlots = 0;
  for (const a of state.agents.values()) {
    if (a.status !== "active" && a.status !== "probation") continue;
    working.push(a);
    if (a.backoffUntil === null || a.backoffUntil <= now)
      freeSlots += Math.max(0, a.maxConcurrency - a.inFlight);
  }
  const groups = new Map<string, Group>();
  const groupFor = (caps: readonly string[]): Group => {
    const key = capabilityKey(caps);
    let g = groups.get(key);
    if (!g) {
      const agents = working.filter((a) => canServe(a.capabilities, caps));
      let maxActiveTrust = Number.NEGATIVE_INFINITY;
      for (const a of agents) if (a.status === "active" && a.trust > maxActiveTrust) maxActiveTrust = a.trust;
      g = { agents, maxActiveTrust };
      groups.set(key, g);
    }
    return g;
  };

  const hold = (task: TaskState, reason: HoldReason) => {
    task.holdReason = reason;
    holds.push({ taskId: task.id, reason });
  };

  for (const { task, priority } of ranked) {
    let probe = false;
    if (circuit.state === "open") {
      hold(task, "circuit_open");
      continue;
    }
    if (circuit.state === "half_open") {
      if (!probeSlotFree(circuit, config) || task.risk > config.circuitProbeMaxRisk) {
        hold(task, "circuit_open");
        continue;
      }
      probe = true;
    }
    const group = groupFor(task.capabilities);
    if (group.agents.length === 0) {
      hold(task, "no_capable_agent");
      continue;
    }
    const required = requiredTrust(task.risk, state.threshold, config);
    const provisionalAllowed = task.risk <= config.probationMaxRisk;
    if (group.maxActiveTrust < required - TRUST_EPSILON && !provisionalAllowed) {
      hold(task, "trust_gate");
      continue;
    }
    if (freeSlots <= 0) {
      hold(task, "capacity");
      continue;
    }
    const choice = choose(state, task, group, required, provisionalAllowed, now);
    if (!choice) {
      hold(task, "capacity");
      continue;
    }
    assignments.push(assign(state, task, choice, probe, priority, required, now, out));
    freeSlots -= 1;
  }
  return { assignments, holds };
}

/**
 * Picks the agent for one task. A retry goes to an agent not yet tried on this task; tried agents
 * are used again only when every agent that could ever take the task has been tried (otherwise
 * the task waits for one of those to free up).
 */
function choose(
  state: EngineState,
  task: TaskState,
  group: Group,
  required: number,
  provisionalAllowed: boolean,
  now: number,
): Choice | null {
  const config = state.config;
  const tried = new Set<string>();
  for (const a of task.attempts) if (a.voided === undefined) tried.add(a.agentId);
  const sampling = config.exploration;
  let untriedQualified = false;
  let bestUntried: Choice | null = null;
  let bestTried: Choice | null = null;
  const untriedPool: Choice[] = [];
  const triedPool: Choice[] = [];

  for (const agent of group.agents) {
    const gated = agent.status === "active" && agent.trust >= required - TRUST_EPSILON;
    if (!gated && !provisionalAllowed) continue;
    const isTried = tried.has(agent.id);
    if (!isTried) untriedQualified = true;
    if (agent.inFlight >= agent.maxConcurrency) continue;
    if (agent.backoffUntil !== null && agent.backoffUntil > now) continue;
    if (!gated && agent.probationInFlight >= config.probationMaxConcurrent) continue;
    const c: Choice = {
      agent,
      provisional: !gated,
      score: agent.trust - (config.loadPenalty * agent.inFlight) / agent.maxConcurrency,
    };
    if (sampling) (isTried ? triedPool : untriedPool).push(c);
    else if (isTried) {
      if (better(c, bestTried)) bestTried = c;
    } else if (better(c, bestUntried)) bestUntried = c;
  }

  if (!sampling) return bestUntried ?? (untriedQualified ? null : bestTried);
  const pool = untriedPool.length > 0 ? untriedPool : untriedQualified ? [] : triedPool;
  if (pool.length <= 1) return pool[0] ?? null;
  // Drifting agents still rank last under exploration: sample among the healthy ones if any.
  const healthy = pool.filter((c) => !c.agent.drifting);
  return (
    thompsonPick(state.rng, healthy.length > 0 ? healthy : pool, (c) => ({
      successes: c.agent.successes,
      failures: c.agent.failures + c.agent.timeouts,
    })) ?? null
  );
}

function assign(
  state: EngineState,
  task: TaskState,
  choice: Choice,
  probe: boolean,
  priority: number,
  required: number,
  now: number,
  out: DomainEvent[],
): Assignment {
  const { agent, provisional } = choice;
  const facts: AssignmentFacts = {
    agent: {
      status: agent.status,
      trust: agent.trust,
      inFlight: agent.inFlight,
      maxConcurrency: agent.maxConcurrency,
      probationInFlight: agent.probationInFlight,
      capabilities: agent.capabilities,
      backoffUntil: agent.backoffUntil,
    },
    task,
    threshold: state.threshold,
    provisional,
    now,
  };
  countAssignment(state, respectsRules(facts, state.config));

  agent.inFlight += 1;
  if (provisional) agent.probationInFlight += 1;
  agent.assignedTotal += 1;
  if (probe) state.circuit.probesInFlight += 1;
  const attempt = nextAttemptNumber(task);
  const deadline = now + agent.timeoutMs;
  task.attempts.push({ attempt, agentId: agent.id, assignedAt: now, deadline, probe, provisional });
  toAssigned(state, task);

  out.push(
    event(
      "task.assigned",
      {
        agentId: agent.id,
        attempt,
        probe,
        provisional,
        deadline,
        trust: agent.trust,
        requiredTrust: required,
        priority,
        agentTaskNumber: agent.assignedTotal,
      },
      { taskId: task.id, agentId: agent.id },
    ),
  );
  return {
    taskId: task.id,
    agentId: agent.id,
    attempt,
    probe,
    deadline,
    agentTaskNumber: agent.assignedTotal,
  };
}
