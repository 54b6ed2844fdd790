import { noteHappening } from "./cycle";
import { freshPageHinkley } from "./drift";
import { GovernanceError } from "./errors";
import { AgentInputSchema, AgentPatchInputSchema, ReasonSchema, TrustSchema } from "./inputs";
import { compareIds, type EngineState, event, sortAgents } from "./state";
import { suppressAgent } from "./suppression";
import { nextAttemptNumber, toQueued, voidAttempt } from "./tasks";
import type { AgentInput, AgentPatch, AgentState, DomainEvent } from "./types";

/** Fleet commands: registration, edits, removal and the audited manual controls. */

export function requireAgent(state: EngineState, id: string): AgentState {
  const agent = state.agents.get(id);
  if (!agent) throw new GovernanceError("agent_not_found", `agent ${id} does not exist`);
  return agent;
}

export function registerAgent(state: EngineState, input: AgentInput, now: number): DomainEvent[] {
  const a = AgentInputSchema.parse(input);
  if (state.agents.has(a.id)) throw new GovernanceError("agent_exists", `agent ${a.id} already exists`);
  const config = state.config;
  const agent: AgentState = {
    id: a.id,
    name: a.name,
    capabilities: a.capabilities,
    maxConcurrency: a.maxConcurrency,
    slowMs: a.slowMs ?? config.slowMs,
    timeoutMs: a.timeoutMs ?? config.taskTimeoutMs,
    trust: config.initialTrust,
    status: "active",
    inFlight: 0,
    probationInFlight: 0,
    successes: 0,
    failures: 0,
    slowSuccesses: 0,
    timeouts: 0,
    rateLimited: 0,
    rejected: 0,
    consecutiveSuccesses: 0,
    suppressionCount: 0,
    suppressions: [],
    suppressedUntil: null,
    lastSuppressedAt: null,
    lastForgivenAt: null,
    backoffUntil: null,
    drifting: false,
    recentTrust: [],
    ph: freshPageHinkley(),
    lastOutcome: null,
    lastResultAt: null,
    assignedTotal: 0,
    registeredAt: now,
  };
  state.agents.set(agent.id, agent);
  sortAgents(state);
  // Its trust when it joined the cycle, so the reflection can say how far it moved.
  state.cycle.trustBefore[agent.id] = agent.trust;
  return [
    event(
      "agent.registered",
      {
        name: agent.name,
        capabilities: agent.capabilities,
        maxConcurrency: agent.maxConcurrency,
        slowMs: agent.slowMs,
        timeoutMs: agent.timeoutMs,
        trust: agent.trust,
        status: agent.status,
      },
      { agentId: agent.id },
    ),
  ];
}

export function updateAgent(state: EngineState, id: string, patch: AgentPatch): DomainEvent[] {
  const agent = requireAgent(state, id);
  const p = AgentPatchInputSchema.parse(patch);
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  const set = <K extends "name" | "capabilities" | "maxConcurrency" | "slowMs" | "timeoutMs">(
    key: K,
    value: AgentState[K] | undefined,
  ) => {
    if (value === undefined) return;
    const from = agent[key];
    if (JSON.stringify(from) === JSON.stringify(value)) return;
    changes[key] = { from, to: value };
    agent[key] = value;
  };
  set("name", p.name);
  set("capabilities", p.capabilities);
  set("maxConcurrency", p.maxConcurrency);
  set("slowMs", p.slowMs);
  set("timeoutMs", p.timeoutMs);
  if (Object.keys(changes).length === 0) return [];
  return [event("agent.updated", { reason: "patch", changes }, { agentId: id })];
}

/** Removes an agent; its running attempts are voided and their tasks queued again (no attempt spent). */
export function removeAgent(state: EngineState, id: string, now: number): DomainEvent[] {
  const agent = requireAgent(state, id);
  const out: DomainEvent[] = [];
  const requeued: string[] = [];
  const tasks = [...state.assigned.values()].sort((a, b) => compareIds(a.id, b.id));
  const retried: DomainEvent[] = [];
  for (const task of tasks) {
    const attempt = task.attempts[task.attempts.length - 1];
    if (!attempt || attempt.agentId !== id || attempt.outcome !== undefined || attempt.voided !== undefined)
      continue;
    voidAttempt(state, attempt, "agent_removed", now);
    toQueued(state, task);
    requeued.push(task.id);
    retried.push(
      event(
        "task.retried",
        {
          agentId: id,
          attempt: attempt.attempt,
          outcome: null,
          latencyMs: null,
          reason: "agent_removed",
          voided: true,
          consumesAttempt: false,
          nextAttempt: nextAttemptNumber(task),
        },
        { taskId: task.id, agentId: id },
      ),
    );
  }
  state.agents.delete(id);
  out.push(
    event(
      "agent.removed",
      { name: agent.name, trust: agent.trust, status: agent.status, requeued },
      { agentId: id },
    ),
  );
  out.push(...retried);
  return out;
}

/** An operator's verdict: sets trust only. It never suppresses, and it resets the drift baseline. */
export function overrideTrust(state: EngineState, id: string, trust: number, reason: string): DomainEvent[] {
  const agent = requireAgent(state, id);
  const after = TrustSchema.parse(trust);
  const why = ReasonSchema.parse(reason);
  const before = agent.trust;
  agent.trust = after;
  // Otherwise the next result would be judged against trust values the operator just overruled.
  agent.recentTrust = [];
  noteHappening(state, { kind: "trust_override", agentId: id, from: before, to: after, reason: why });
  return [event("trust.updated", { before, after, reason: why, manual: true }, { agentId: id })];
}

export function manualSuppress(state: EngineState, id: string, reason: string, now: number): DomainEvent[] {
  const agent = requireAgent(state, id);
  const why = ReasonSchema.parse(reason);
  if (agent.status === "excluded") {
    throw new GovernanceError("invalid_state", `agent ${id} is excluded; reinstate it before suppressing it`);
  }
  const out: DomainEvent[] = [];
  suppressAgent(state, agent, now, "manual", why, out);
  return out;
}

/** Admin reinstatement: back to active with a clean suppression history. Trust is left as it is. */
export function reinstate(state: EngineState, id: string, reason: string): DomainEvent[] {
  const agent = requireAgent(state, id);
  const why = ReasonSchema.parse(reason);
  if (agent.status === "active") throw new GovernanceError("invalid_state", `agent ${id} is already active`);
  const from = agent.status;
  agent.status = "active";
  agent.suppressionCount = 0;
  agent.suppressions = [];
  agent.suppressedUntil = null;
  agent.lastSuppressedAt = null;
  agent.lastForgivenAt = null;
  noteHappening(state, { kind: "reinstated", agentId: id, reason: why });
  return [event("agent.reinstated", { by: "admin", reason: why, from, trust: agent.trust }, { agentId: id })];
}
