import type { GovernanceConfig } from "./config";
import type { Outcome } from "./types";

/**
 * Asymmetric learning (ARCHITECTURE §3): trust climbs slowly toward 1 on success and falls
 * proportionally on failure, with γ > η so that a 50/50 agent loses trust over time. A slow
 * success earns half the step: the work was done, but not as promised.
 */
export function trustAfter(trust: number, outcome: Outcome, slow: boolean, config: GovernanceConfig): number {
  switch (outcome) {
    case "success": {
      const rate = slow ? config.learningRate / 2 : config.learningRate;
      return clampTrust(trust + rate * (1 - trust));
    }
    case "failure":
    case "timeout":
      return clampTrust(trust - config.penaltyRate * trust);
    // A 429 or an invalid task says nothing about the agent's competence.
    case "rate_limited":
    case "rejected":
      return trust;
  }
}

export function clampTrust(trust: number): number {
  if (!(trust > 0)) return 0;
  return Math.min(trust, 1);
}

export function isSlow(outcome: Outcome, latencyMs: number, slowMs: number): boolean {
  return outcome === "success" && latencyMs > slowMs;
}

/** Outcomes that say something about the agent's competence (and feed drift and the breaker). */
export function isCounted(outcome: Outcome): outcome is "success" | "failure" | "timeout" {
  return outcome === "success" || outcome === "failure" || outcome === "timeout";
}

export function isFailure(outcome: Outcome): outcome is "failure" | "timeout" {
  return outcome === "failure" || outcome === "timeout";
}
