import type { GovernanceConfig } from "./config";
import type { CycleHappening, CycleRecord, CycleState } from "./types";

/**
 * Reflection: plain-language sentences explaining a closed cycle, for operators who will not read
 * the numbers. Each sentence says what happened and the rule that made it happen.
 */

const fmt2 = (x: number) => x.toFixed(2);
const fmtPct = (x: number) => `${Number((x * 100).toFixed(1))}%`;

export function fmtDuration(ms: number): string {
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(1))} s`;
  if (ms < 3_600_000) return `${Number((ms / 60_000).toFixed(1))} min`;
  return `${Number((ms / 3_600_000).toFixed(1))} h`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function listCounts(r: CycleRecord): string {
  const parts = [`${plural(r.successes, "success", "successes")}${r.slow > 0 ? ` (${r.slow} slow)` : ""}`];
  if (r.failures > 0) parts.push(plural(r.failures, "failure"));
  if (r.timeouts > 0) parts.push(plural(r.timeouts, "timeout"));
  if (r.rateLimited > 0) parts.push(`${r.rateLimited} rate-limited`);
  if (r.rejected > 0) parts.push(`${r.rejected} rejected`);
  if (parts.length === 1) return parts[0] ?? "";
  return `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
}

function constraintNote(r: CycleRecord): string {
  const score = r.constraintScore.toFixed(2);
  if (r.assignments === 0) {
    return `No tasks were assigned, so no assignment could break the trust gate or probation rules (constraint score ${score}).`;
  }
  if (r.assignmentsRespectingRules === r.assignments) {
    const all = r.assignments === 1 ? "The only assignment" : `All ${r.assignments} assignments`;
    return `${all} respected the trust gate and probation rules (constraint score ${score}).`;
  }
  return `Only ${r.assignmentsRespectingRules} of ${r.assignments} assignments respected the trust gate and probation rules (constraint score ${score}); anything below 1.00 is a defect in the engine.`;
}

function mean(values: number[]): number | null {
  return values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length;
}

function trustNotes(r: CycleRecord, label: (id: string) => string): string[] {
  const notes: string[] = [];
  const after = Object.values(r.trustAfter);
  const before = mean(Object.values(r.trustBefore));
  if (after.length > 0) {
    const agents = plural(after.length, "agent");
    notes.push(
      before === null
        ? `Mean trust across ${agents} is ${fmt2(r.meanTrust)}.`
        : `Mean trust across ${agents} went from ${fmt2(before)} to ${fmt2(r.meanTrust)}.`,
    );
  }
  let mover: { id: string; from: number; to: number } | null = null;
  for (const [id, to] of Object.entries(r.trustAfter)) {
    const from = r.trustBefore[id];
    if (from === undefined) continue;
    if (mover === null || Math.abs(to - from) > Math.abs(mover.to - mover.from)) mover = { id, from, to };
  }
  // Below half a hundredth the two-decimal rendering would read "from 0.50 to 0.50".
  if (mover && Math.abs(mover.to - mover.from) >= 0.005) {
    notes.push(
      `The largest trust change was ${label(mover.id)}, from ${fmt2(mover.from)} to ${fmt2(mover.to)}.`,
    );
  }
  return notes;
}

function happeningNote(h: CycleHappening, config: GovernanceConfig, label: (id: string) => string): string {
  switch (h.kind) {
    case "suppressed": {
      const agent = label(h.agentId);
      const span = fmtDuration(h.durationMs);
      if (h.cause === "manual") return `An operator suppressed ${agent} for ${span}.`;
      if (h.cause === "probation_failure") {
        return `${cap(agent)} failed while on probation, so it was suppressed again for ${span} (trust ${fmt2(h.trust)}).`;
      }
      return `${cap(agent)} was suppressed for ${span} after its trust fell to ${fmt2(h.trust)}, below the ${fmt2(config.suppressionThreshold)} suppression threshold.`;
    }
    case "excluded":
      return `${cap(label(h.agentId))} was excluded after ${h.suppressions} suppressions within ${fmtDuration(config.exclusionWindowMs)}; only an admin can reinstate it.`;
    case "probation":
      return `${cap(label(h.agentId))} served its suppression and is on probation: at most ${config.probationMaxConcurrent} tasks at a time, risk at most ${config.probationMaxRisk}.`;
    case "redeemed":
      return `${cap(label(h.agentId))} earned its way back to active with ${config.probationSuccesses} consecutive successes on probation; its trust is now ${fmt2(h.trust)}.`;
    case "reinstated":
      return `An admin reinstated ${label(h.agentId)}: "${h.reason}".`;
    case "trust_override":
      return `An operator set the trust of ${label(h.agentId)} from ${fmt2(h.from)} to ${fmt2(h.to)}: "${h.reason}".`;
    case "drift":
      if (h.drift === "trust_drop") {
        return `${cap(label(h.agentId))} is drifting: its trust fell from ${fmt2(h.from ?? 0)} to ${fmt2(h.to ?? 0)} within its last ${config.driftWindow} results, so it now ranks after healthy agents.`;
      }
      return `${cap(label(h.agentId))} is drifting: a Page-Hinkley test found its success rate falling, so it now ranks after healthy agents.`;
    case "blast_radius": {
      const pool = h.capability === null ? "the fleet" : `capability "${h.capability}"`;
      return `${cap(label(h.agentId))} was not suppressed: ${h.suppressed} of the ${h.pool} agents serving ${pool} already were, and failures that widespread point upstream rather than at the agents, so the circuit breaker took over.`;
    }
    case "circuit_opened": {
      const pause = `no new tasks for ${fmtDuration(h.cooldownMs)}`;
      if (h.reason === "failure_rate") {
        return `The circuit breaker opened: ${fmtPct(h.failureRate ?? 0)} of the last ${h.samples ?? 0} results failed, above the ${fmtPct(config.circuitFailureRate)} limit; ${pause}.`;
      }
      if (h.reason === "probe_failed")
        return `A probe task failed, so the circuit breaker opened again; ${pause}.`;
      return `The circuit breaker opened to protect the fleet (blast-radius guard); ${pause}.`;
    }
    case "circuit_half_opened":
      return `The circuit breaker half-opened: up to ${config.circuitProbes} probe tasks with risk at most ${config.circuitProbeMaxRisk} may run.`;
    case "circuit_closed":
      return "All probe tasks succeeded, so the circuit breaker closed.";
  }
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function reflect(
  r: CycleRecord,
  cycle: CycleState,
  config: GovernanceConfig,
  nameOf: (id: string) => string | undefined,
): string[] {
  const label = (id: string) => {
    const name = nameOf(id);
    return name === undefined || name === id ? `agent ${id}` : `agent ${name} (${id})`;
  };
  const notes = [
    `Cycle ${r.number} ran for ${fmtDuration(r.endedAt - r.startedAt)} and recorded ${plural(r.results, "result")}: ${listCounts(r)}.`,
    r.mutation.reason,
    constraintNote(r),
    ...trustNotes(r, label),
    ...cycle.happenings.map((h) => happeningNote(h, config, label)),
  ];
  if (cycle.happeningsDropped > 0) {
    notes.push(
      `${plural(cycle.happeningsDropped, "further agent or circuit event")} happened and are not listed here.`,
    );
  }
  return notes;
}
