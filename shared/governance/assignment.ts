import { probeSlotFree } from "./circuit";
import { countAssignment } from "./cycle";
import { nextBeta } from "./exploration";
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

// Bound once: in some module loaders (vitest's, for one) every access to an imported binding is a
// getter call, which adds up in loops that run 10⁵ times per tick.
const EPS = TRUST_EPSILON;
const serves = canServe;
const required_ = requiredTrust;
const beta = nextBeta;

/** Agents that may work at all and cover one capability set, computed once per tick per set. */
interface Group {
  agents: AgentState[];
  /** Highest trust among the active ones (probation agents never pass the gate). */
  maxActiveTrust: number;
  /**
   * What is still free in the group, recomputed lazily after an assignment; lets a saturated
   * fleet reject a task in O(1) instead of scanning every agent for every task.
   */
  freeStale: boolean;
  /** Highest trust among active agents with a free slot. */
  maxFreeGatedTrust: number;
  /** Some agent has a free slot and a free probation slot. */
  freeProvisional: boolean;
}

interface Candidate {
  agent: AgentState;
  provisional: boolean;
  score: number;
}

interface Choice {
  agent: AgentState | null;
  provisional: boolean;
  score: number;
}

/**
 * Task capabilities are stored sorted and de-duplicated (see inputs.ts), so the joined list is a
 * canonical key. Keys are cached per capability array: a queued task is ranked on every tick,
 * and building (and hashing) a fresh string for it each time was a tenth of the tick.
 */
const keyCache = new WeakMap<readonly string[], string>();
function capabilityKey(caps: readonly string[]): string {
  if (caps.length === 0) return "";
  if (caps.length === 1) return caps[0] ?? "";
  let key = keyCache.get(caps);
  if (key === undefined) {
    key = caps.join("\u0000");
    keyCache.set(caps, key);
  }
  return key;
}

/** Drifting agents rank after all healthy ones, then higher score, then the smaller id. */
function consider(best: Choice, agent: AgentState, provisional: boolean, score: number): void {
  const b = best.agent;
  if (b !== null) {
    if (agent.drifting !== b.drifting) {
      if (agent.drifting) return;
    } else if (score < best.score || (score === best.score && agent.id > b.id)) return;
  }
  best.agent = agent;
  best.provisional = provisional;
  best.score = score;
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

  const ranked = rankTasks([...state.queued.values()], now, config);

  const working: AgentState[] = [];
  let freeSlots = 0;
  for (const a of state.agents.values()) {
    if (a.status !== "active" && a.status !== "probation") continue;
    working.push(a);
    if (a.backoffUntil === null || a.backoffUntil <= now)
      freeSlots += Math.max(0, a.maxConcurrency - a.inFlight);
  }
  const groups = new Map<string, Group>();
  const memberOf = new Map<AgentState, Group[]>();
  const groupFor = (caps: readonly string[]): Group => {
    const key = capabilityKey(caps);
    let g = groups.get(key);
    if (!g) {
      const agents = working.filter((a) => serves(a.capabilities, caps));
      let maxActiveTrust = Number.NEGATIVE_INFINITY;
      for (const a of agents) if (a.status === "active" && a.trust > maxActiveTrust) maxActiveTrust = a.trust;
      g = {
        agents,
        maxActiveTrust,
        freeStale: true,
        maxFreeGatedTrust: Number.NEGATIVE_INFINITY,
        freeProvisional: false,
      };
      groups.set(key, g);
      for (const a of agents) {
        const list = memberOf.get(a);
        if (list) list.push(g);
        else memberOf.set(a, [g]);
      }
    }
    return g;
  };
  const refreshFree = (g: Group) => {
    g.freeStale = false;
    g.maxFreeGatedTrust = Number.NEGATIVE_INFINITY;
    g.freeProvisional = false;
    for (const a of g.agents) {
      if (a.inFlight >= a.maxConcurrency || (a.backoffUntil !== null && a.backoffUntil > now)) continue;
      if (a.status === "active" && a.trust > g.maxFreeGatedTrust) g.maxFreeGatedTrust = a.trust;
      if (a.probationInFlight < config.probationMaxConcurrent) g.freeProvisional = true;
    }
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
    const required = required_(task.risk, state.threshold, config);
    const provisionalAllowed = task.risk <= config.probationMaxRisk;
    if (group.maxActiveTrust < required - EPS && !provisionalAllowed) {
      hold(task, "trust_gate");
      continue;
    }
    if (freeSlots <= 0) {
      hold(task, "capacity");
      continue;
    }
    if (group.freeStale) refreshFree(group);
    if (group.maxFreeGatedTrust < required - EPS && !(provisionalAllowed && group.freeProvisional)) {
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
    // Only the chosen agent changed, and a group's summary moves only if it just ran out of room.
    const a = choice.agent;
    if (a.inFlight >= a.maxConcurrency || a.probationInFlight >= config.probationMaxConcurrent) {
      for (const g of memberOf.get(a) ?? []) g.freeStale = true;
    }
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
): Candidate | null {
  const config = state.config;
  let tried: Set<string> | null = null;
  if (task.attempts.length > 0) {
    tried = new Set<string>();
    for (const a of task.attempts) if (a.voided === undefined) tried.add(a.agentId);
  }
  const sampling = config.exploration;
  let untriedQualified = false;
  // Leaders are kept in place: allocating per candidate showed up in ticks over long queues.
  const bestUntried: Choice = { agent: null, provisional: false, score: 0 };
  const bestTried: Choice = { agent: null, provisional: false, score: 0 };

  for (const agent of group.agents) {
    const gated = agent.status === "active" && agent.trust >= required - EPS;
    if (!gated && !provisionalAllowed) continue;
    const isTried = tried?.has(agent.id) === true;
    if (!isTried) untriedQualified = true;
    if (agent.inFlight >= agent.maxConcurrency) continue;
    if (agent.backoffUntil !== null && agent.backoffUntil > now) continue;
    if (!gated && agent.probationInFlight >= config.probationMaxConcurrent) continue;
    // Exploration swaps the greedy score for a Thompson draw from Beta(successes+1, failures+1);
    // timeouts count as failures, since both cost trust. Drifting agents still rank last.
    const score = sampling
      ? beta(state.rng, agent.successes + 1, agent.failures + agent.timeouts + 1)
      : agent.trust - (config.loadPenalty * agent.inFlight) / agent.maxConcurrency;
    consider(isTried ? bestTried : bestUntried, agent, !gated, score);
  }

  const best = bestUntried.agent ? bestUntried : untriedQualified ? null : bestTried;
  return best?.agent ? { agent: best.agent, provisional: best.provisional, score: best.score } : null;
}

function assign(
  state: EngineState,
  task: TaskState,
  choice: Candidate,
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
