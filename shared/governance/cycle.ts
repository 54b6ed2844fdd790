import type { GovernanceConfig } from "./config";
import { reflect } from "./reflection";
import { clampThreshold, type EngineState, event, roundThreshold } from "./state";
import type { CycleHappening, CycleRecord, CycleState, DomainEvent, Mutation, Outcome } from "./types";

/** Enough for a readable reflection; a storm of suppressions is summarised, not listed. */
export const MAX_HAPPENINGS = 50;

export function trustMap(state: EngineState): Record<string, number> {
  const map: Record<string, number> = {};
  for (const a of state.agents.values()) map[a.id] = a.trust;
  return map;
}

export function openCycle(state: EngineState, now: number): CycleState {
  state.cycleCounter += 1;
  const n = state.cycleCounter;
  return {
    id: state.newCycleId(n),
    number: n,
    startedAt: now,
    results: 0,
    successes: 0,
    failures: 0,
    timeouts: 0,
    rateLimited: 0,
    rejected: 0,
    slow: 0,
    assignments: 0,
    assignmentsRespectingRules: 0,
    suppressed: [],
    redeemed: [],
    excluded: [],
    trustBefore: trustMap(state),
    happenings: [],
    happeningsDropped: 0,
  };
}

export function noteHappening(state: EngineState, h: CycleHappening): void {
  const c = state.cycle;
  if (h.kind === "suppressed" && !c.suppressed.includes(h.agentId)) c.suppressed.push(h.agentId);
  if (h.kind === "excluded" && !c.excluded.includes(h.agentId)) c.excluded.push(h.agentId);
  if (h.kind === "redeemed" && !c.redeemed.includes(h.agentId)) c.redeemed.push(h.agentId);
  if (c.happenings.length < MAX_HAPPENINGS) c.happenings.push(h);
  else c.happeningsDropped += 1;
}

export function countAssignment(state: EngineState, respectsRules: boolean): void {
  state.cycle.assignments += 1;
  if (respectsRules) state.cycle.assignmentsRespectingRules += 1;
}

export function countResult(state: EngineState, outcome: Outcome, slow: boolean): void {
  const c = state.cycle;
  c.results += 1;
  if (outcome === "success") c.successes += 1;
  else if (outcome === "failure") c.failures += 1;
  else if (outcome === "timeout") c.timeouts += 1;
  else if (outcome === "rate_limited") c.rateLimited += 1;
  else c.rejected += 1;
  if (slow) c.slow += 1;
}

/** A cycle with at least one result closes once it is cycleMaxMs old; null while it has none. */
export function cycleDueAt(state: EngineState): number | null {
  return state.cycle.results > 0 ? state.cycle.startedAt + state.config.cycleMaxMs : null;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const targetPct = (x: number) => `${Number((x * 100).toFixed(1))}%`;
export const fmtTrust = (x: number) => {
  const s = x.toFixed(3);
  return s.endsWith("0") ? x.toFixed(2) : s;
};

/**
 * Mutation (ARCHITECTURE §3): below target − band the gate tightens, above target + band it
 * loosens, within the band it stays, always clamped to [thresholdMin, thresholdMax].
 * `successRate` is null when no result in the cycle said anything about competence.
 */
export function decideMutation(
  threshold: number,
  successRate: number | null,
  config: GovernanceConfig,
): { after: number; mutation: Mutation } {
  const floor = config.targetSuccessRate - config.mutationBand;
  const ceiling = config.targetSuccessRate + config.mutationBand;
  const target = targetPct(config.targetSuccessRate);
  const stay = (reason: string) => ({
    after: threshold,
    mutation: { direction: "none" as const, delta: 0, reason },
  });
  if (successRate === null) {
    return stay(
      `No result in this cycle said anything about success (only rate-limited or rejected tasks), so the trust threshold stayed at ${fmtTrust(threshold)}.`,
    );
  }
  // The tolerance keeps a rate sitting exactly on the band edge (0.88 vs 0.9 − 0.02) inside it.
  if (successRate < floor - 1e-9) {
    const after = clampThreshold(threshold + config.mutationStep, config);
    const why = `Success rate ${pct(successRate)} is below the ${pct(floor)} floor of the ${target} target`;
    if (after <= threshold) {
      return stay(
        `${why}, but the trust threshold is already at its ${fmtTrust(config.thresholdMax)} maximum, so it stayed there.`,
      );
    }
    return {
      after,
      mutation: {
        direction: "raise",
        delta: roundThreshold(after - threshold),
        reason: `${why}, so the trust threshold rose from ${fmtTrust(threshold)} to ${fmtTrust(after)}.`,
      },
    };
  }
  if (successRate > ceiling + 1e-9) {
    const after = clampThreshold(threshold - config.mutationStep, config);
    const why = `Success rate ${pct(successRate)} is above the ${pct(ceiling)} ceiling of the ${target} target`;
    if (after >= threshold) {
      return stay(
        `${why}, but the trust threshold is already at its ${fmtTrust(config.thresholdMin)} minimum, so it stayed there.`,
      );
    }
    return {
      after,
      mutation: {
        direction: "lower",
        delta: roundThreshold(after - threshold),
        reason: `${why}, so the trust threshold fell from ${fmtTrust(threshold)} to ${fmtTrust(after)}.`,
      },
    };
  }
  return stay(
    `Success rate ${pct(successRate)} is within ${(config.mutationBand * 100).toFixed(1)} points of the ${target} target, so the trust threshold stayed at ${fmtTrust(threshold)}.`,
  );
}

/** Closes the current cycle (mutation + reflection) and opens the next one at `now`. */
export function closeCycle(state: EngineState, now: number, out: DomainEvent[]): void {
  const c = state.cycle;
  const config = state.config;
  const counted = c.results - c.rateLimited - c.rejected;
  const measured = counted > 0 ? c.successes / counted : null;
  const before = state.threshold;
  const { after, mutation } = decideMutation(before, measured, config);
  state.threshold = after;

  const trustAfter = trustMap(state);
  const trusts = Object.values(trustAfter);
  const record: CycleRecord = {
    id: c.id,
    number: c.number,
    startedAt: c.startedAt,
    endedAt: now,
    results: c.results,
    successes: c.successes,
    failures: c.failures,
    timeouts: c.timeouts,
    rateLimited: c.rateLimited,
    rejected: c.rejected,
    slow: c.slow,
    successRate: measured ?? config.targetSuccessRate,
    meanTrust: trusts.length > 0 ? trusts.reduce((s, t) => s + t, 0) / trusts.length : 0,
    assignments: c.assignments,
    assignmentsRespectingRules: c.assignmentsRespectingRules,
    constraintScore: c.assignments === 0 ? 1 : c.assignmentsRespectingRules / c.assignments,
    suppressed: [...c.suppressed],
    redeemed: [...c.redeemed],
    excluded: [...c.excluded],
    thresholdBefore: before,
    thresholdAfter: after,
    mutation,
    trustBefore: c.trustBefore,
    trustAfter,
    notes: [],
  };
  record.notes = reflect(record, c, config, (id) => state.agents.get(id)?.name);

  if (after !== before) {
    out.push(
      event(
        "mutation.applied",
        {
          before,
          after,
          successRate: record.successRate,
          direction: mutation.direction,
          delta: mutation.delta,
          reason: mutation.reason,
        },
        { cycleId: c.id },
      ),
    );
  }
  out.push(event("cycle.completed", { ...record }, { cycleId: c.id }));
  state.cycle = openCycle(state, now);
}
