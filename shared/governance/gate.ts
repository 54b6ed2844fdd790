import type { GovernanceConfig } from "./config";
import type { AgentState } from "./types";

/**
 * Trust values come out of repeated multiplications, so a value meant to equal the required trust
 * can land a few ulps below it; this tolerance keeps such ties on the passing side.
 */
export const TRUST_EPSILON = 1e-9;

/** ARCHITECTURE §3: min(maxRequiredTrust, threshold + riskWeight·risk). */
export function requiredTrust(risk: number, threshold: number, config: GovernanceConfig): number {
  return Math.min(config.maxRequiredTrust, threshold + config.riskWeight * risk);
}

export function passesGate(
  trust: number,
  risk: number,
  threshold: number,
  config: GovernanceConfig,
): boolean {
  return trust >= requiredTrust(risk, threshold, config) - TRUST_EPSILON;
}

export function canServe(agentCapabilities: readonly string[], taskCapabilities: readonly string[]): boolean {
  for (const c of taskCapabilities) if (!agentCapabilities.includes(c)) return false;
  return true;
}

/** The facts an assignment was decided on, captured before the engine mutated anything. */
export interface AssignmentFacts {
  agent: Pick<
    AgentState,
    "status" | "trust" | "inFlight" | "maxConcurrency" | "probationInFlight" | "capabilities" | "backoffUntil"
  >;
  task: { risk: number; capabilities: readonly string[] };
  threshold: number;
  provisional: boolean;
  now: number;
}

/**
 * The rule an assignment must respect, checked independently of how the assignment loop chose it,
 * so the cycle's constraint score measures the loop rather than restating it. An assignment
 * respects the rules iff it passes the trust gate, or it is provisional and meets the probation
 * limits; suppressed and excluded agents never qualify, and probation agents only provisionally.
 */
export function respectsRules(f: AssignmentFacts, config: GovernanceConfig): boolean {
  const { agent, task } = f;
  if (agent.status !== "active" && agent.status !== "probation") return false;
  if (agent.inFlight >= agent.maxConcurrency) return false;
  if (agent.backoffUntil !== null && agent.backoffUntil > f.now) return false;
  if (!canServe(agent.capabilities, task.capabilities)) return false;
  if (!f.provisional)
    return agent.status === "active" && passesGate(agent.trust, task.risk, f.threshold, config);
  return task.risk <= config.probationMaxRisk && agent.probationInFlight < config.probationMaxConcurrent;
}
