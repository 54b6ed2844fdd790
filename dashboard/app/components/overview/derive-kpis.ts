import type { Point } from "../../lib/align-series";
import { num, str } from "./derive-agents";
import type { AgentCard, EventEnvelope, OverviewData } from "./types";

export interface Kpis {
  active: number;
  total: number;
  successRate: number | null;
  attempts: number;
  sparkline: Point[];
  meanTrust: number | null;
  /** Change against the first cycle of the last 24 h; null without such a cycle. */
  trustDelta: number | null;
  cyclesToday: number;
  currentCycle: number;
  lastCycleAt: number | null;
}

const COUNTED_FAILURES = new Set(["failure", "timeout"]);
const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10);

/**
 * The four headline numbers: the snapshot's (analytics over 24 h, governance state) plus what
 * the socket delivered after it, so they move with every result without a reload.
 */
export function kpis(data: OverviewData, agents: AgentCard[], live: EventEnvelope[], now: number): Kpis {
  const after = data.state.lastSeq;
  const fresh = live.filter((e) => e.seq > after);
  const a = data.analytics;

  let succeeded = a?.totals.succeeded ?? 0;
  let failed = a?.totals.failed ?? 0;
  let attempts = a?.totals.attempts ?? 0;
  const cycles = new Map<string, { number: number; endedAt: number }>();
  for (const c of a?.cycles ?? []) cycles.set(c.id, { number: c.number, endedAt: Date.parse(c.endedAt) });
  for (const e of fresh) {
    const outcome = str(e.data.outcome);
    if (e.type === "task.completed") succeeded += 1;
    else if (
      (e.type === "task.failed" || e.type === "task.retried") &&
      outcome &&
      COUNTED_FAILURES.has(outcome)
    )
      failed += 1;
    if (outcome && e.type !== "cycle.completed") attempts += 1;
    if (e.type === "cycle.completed" && e.cycleId) {
      cycles.set(e.cycleId, {
        number: num(e.data.number) ?? 0,
        endedAt: num(e.data.endedAt) ?? Date.parse(e.time),
      });
    }
  }

  const today = dayOf(now);
  let cyclesToday = 0;
  let lastCycleAt: number | null = null;
  let lastNumber = 0;
  for (const c of cycles.values()) {
    if (dayOf(c.endedAt) === today) cyclesToday += 1;
    if (lastCycleAt === null || c.endedAt > lastCycleAt) lastCycleAt = c.endedAt;
    lastNumber = Math.max(lastNumber, c.number);
  }

  const meanTrust = agents.length ? agents.reduce((s, x) => s + x.trust, 0) / agents.length : null;
  const baseline = a?.cycles[0]?.meanTrust ?? null;
  return {
    active: agents.filter((x) => x.status === "active" || x.status === "probation").length,
    total: agents.length,
    successRate: succeeded + failed === 0 ? null : succeeded / (succeeded + failed),
    attempts,
    sparkline: (a?.series ?? [])
      .filter((s) => s.successRate !== null)
      .map((s) => ({ t: Date.parse(s.start), v: s.successRate })),
    meanTrust,
    trustDelta: meanTrust !== null && baseline !== null ? meanTrust - baseline : null,
    cyclesToday,
    currentCycle: Math.max(data.state.cycle.number, lastNumber + 1),
    lastCycleAt,
  };
}
