import { openCircuit } from "./circuit";
import type { GovernanceConfig } from "./config";
import { noteHappening } from "./cycle";
import { type EngineState, event } from "./state";
import type { AgentState, DomainEvent, SuppressionCause } from "./types";

/**
 * Suppression, forgiveness, exclusion, probation and redemption (ARCHITECTURE §3), plus the
 * blast-radius guard that refuses a suppression when too much of a capability is already out.
 */

export function suppressionDurationMs(count: number, config: GovernanceConfig): number {
  return Math.min(config.suppressionMaxMs, config.suppressionBaseMs * Math.max(1, count));
}

/** When the next suppression will be forgiven, or null when there is nothing to forgive. */
export function nextForgivenessAt(agent: AgentState, config: GovernanceConfig): number | null {
  if (agent.suppressionCount <= 0 || agent.lastSuppressedAt === null) return null;
  return (
    Math.max(agent.lastSuppressedAt, agent.lastForgivenAt ?? agent.lastSuppressedAt) + config.forgivenessMs
  );
}

/** Forgives one suppression per full forgivenessMs since the later of the last suppression or forgiveness. */
export function applyForgiveness(agent: AgentState, now: number, config: GovernanceConfig): number {
  let forgiven = 0;
  for (
    let at = nextForgivenessAt(agent, config);
    at !== null && at <= now;
    at = nextForgivenessAt(agent, config)
  ) {
    agent.suppressionCount -= 1;
    agent.lastForgivenAt = at;
    forgiven += 1;
  }
  return forgiven;
}

export interface BlastRadiusBreach {
  capability: string | null;
  suppressed: number;
  pool: number;
}

/**
 * Would suppressing this agent leave more than blastRadiusMaxShare of some capability's agents
 * suppressed? Excluded agents are out of the pool for good, so they do not count either way. An
 * agent without capabilities can serve capability-free tasks only, which every agent can, so its
 * pool is the whole fleet.
 */
export function blastRadiusBreach(state: EngineState, agent: AgentState): BlastRadiusBreach | null {
  const pools: (string | null)[] = agent.capabilities.length > 0 ? agent.capabilities : [null];
  for (const capability of pools) {
    let pool = 0;
    let suppressed = 0;
    for (const a of state.agents.values()) {
      if (a.status === "excluded") continue;
      if (capability !== null && !a.capabilities.includes(capability)) continue;
      pool += 1;
      if (a.status === "suppressed") suppressed += 1;
    }
    if (suppressed + 1 > state.config.blastRadiusMaxShare * pool + 1e-9)
      return { capability, suppressed, pool };
  }
  return null;
}

/** Suppresses (or excludes) without the blast-radius guard; the caller decided it is allowed. */
export function suppressAgent(
  state: EngineState,
  agent: AgentState,
  now: number,
  cause: SuppressionCause,
  reason: string,
  out: DomainEvent[],
): void {
  const config = state.config;
  // Forgive first, so the length reflects the hours of good behaviour before this failure.
  applyForgiveness(agent, now, config);
  agent.suppressionCount += 1;
  agent.suppressions = agent.suppressions.filter((t) => now - t < config.exclusionWindowMs);
  agent.suppressions.push(now);
  agent.lastSuppressedAt = now;
  agent.lastForgivenAt = null;
  agent.consecutiveSuccesses = 0;
  const manual = cause === "manual";

  // An operator's suppression is a pause, not a verdict: only automatic ones escalate to exclusion.
  if (!manual && agent.suppressions.length >= config.exclusionSuppressions) {
    agent.status = "excluded";
    agent.suppressedUntil = null;
    noteHappening(state, {
      kind: "excluded",
      agentId: agent.id,
      trust: agent.trust,
      suppressions: agent.suppressions.length,
    });
    out.push(
      event(
        "agent.excluded",
        {
          reason,
          cause,
          trust: agent.trust,
          suppressions: agent.suppressions.length,
          windowMs: config.exclusionWindowMs,
        },
        { agentId: agent.id },
      ),
    );
    return;
  }

  const durationMs = suppressionDurationMs(agent.suppressionCount, config);
  agent.status = "suppressed";
  agent.suppressedUntil = now + durationMs;
  noteHappening(state, { kind: "suppressed", agentId: agent.id, trust: agent.trust, durationMs, cause });
  out.push(
    event(
      "agent.suppressed",
      {
        until: agent.suppressedUntil,
        durationMs,
        count: agent.suppressionCount,
        trust: agent.trust,
        reason,
        cause,
        manual,
      },
      { agentId: agent.id },
    ),
  );
}

/**
 * Automatic suppression after a failure: refused by the blast-radius guard when too much of the
 * fleet is already out, in which case the tenant circuit opens instead. Returns whether it happened.
 */
export function autoSuppress(
  state: EngineState,
  agent: AgentState,
  now: number,
  cause: Exclude<SuppressionCause, "manual">,
  out: DomainEvent[],
): boolean {
  const breach = blastRadiusBreach(state, agent);
  if (breach) {
    noteHappening(state, { kind: "blast_radius", agentId: agent.id, ...breach });
    openCircuit(
      state,
      now,
      "blast_radius",
      { capability: breach.capability, suppressed: breach.suppressed, pool: breach.pool, trust: agent.trust },
      out,
      agent.id,
    );
    return false;
  }
  const reason =
    cause === "probation_failure"
      ? "failed while on probation"
      : `trust ${agent.trust.toFixed(3)} fell below ${state.config.suppressionThreshold}`;
  suppressAgent(state, agent, now, cause, reason, out);
  return true;
}

/** suppressed → probation once the suppression has run its course. */
export function endSuppression(state: EngineState, agent: AgentState, out: DomainEvent[]): void {
  const config = state.config;
  agent.status = "probation";
  agent.suppressedUntil = null;
  // Redemption counts successes on probation only, not those of tasks that ran while suppressed.
  agent.consecutiveSuccesses = 0;
  noteHappening(state, { kind: "probation", agentId: agent.id });
  out.push(
    event(
      "agent.probation",
      {
        trust: agent.trust,
        maxConcurrent: config.probationMaxConcurrent,
        maxRisk: config.probationMaxRisk,
        successesNeeded: config.probationSuccesses,
      },
      { agentId: agent.id },
    ),
  );
}

/** probation → active after probationSuccesses consecutive successes, with a trust floor. */
export function redeemIfEarned(state: EngineState, agent: AgentState, out: DomainEvent[]): void {
  const config = state.config;
  if (agent.status !== "probation" || agent.consecutiveSuccesses < config.probationSuccesses) return;
  const before = agent.trust;
  agent.status = "active";
  agent.trust = Math.min(1, Math.max(agent.trust, config.suppressionThreshold + config.redemptionTrustBonus));
  if (agent.trust !== before) {
    out.push(
      event(
        "trust.updated",
        { before, after: agent.trust, reason: "redemption", manual: false },
        { agentId: agent.id },
      ),
    );
  }
  noteHappening(state, { kind: "redeemed", agentId: agent.id, trust: agent.trust });
  out.push(
    event(
      "agent.reinstated",
      { by: "redemption", trust: agent.trust, successes: agent.consecutiveSuccesses },
      { agentId: agent.id },
    ),
  );
}
