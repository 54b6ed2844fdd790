import { EnvoyOutlierRouter } from "./routers/envoy-outlier";
import { LiteLlmCooldownRouter } from "./routers/litellm-cooldown";
import { OracleRouter } from "./routers/oracle";
import { RandomRouter } from "./routers/random";
import { RoundRobinRouter } from "./routers/round-robin";
import { WardenRouter } from "./routers/warden";
import { type Scenario, scenarios, truth } from "./scenarios";
import { type RunFigures, simulate } from "./simulate";
import type { Router } from "./types";

export interface Mode {
  arrivalMs: number;
  seeds: number[];
}

export const FULL: Mode = { arrivalMs: 600_000, seeds: [1, 2, 3] };
export const SHORT: Mode = { arrivalMs: 180_000, seeds: [1] };

/** One scenario's figures for one router, averaged over the seeds. */
export interface Row {
  router: string;
  submitted: number;
  successRate: number;
  successBySeed: number[];
  /** This router's successes over the oracle's, on the same tasks. */
  ofOracle: number;
  highRiskToUnreliable: number;
  /** Per seed: null when it never happened within the run. */
  stopRoutingMs?: (number | null)[];
  toFailedAgent?: number;
  recoveryMs?: (number | null)[];
  /** Warden only: tasks still held at the end, and tasks failed by the queue timeout. */
  open: number;
  queueTimeouts?: number;
}

export interface ScenarioResult {
  scenario: Scenario;
  rows: Row[];
}

function routers(s: Scenario, seed: number): Router[] {
  const byId = new Map(s.agents.map((a) => [a.id, a]));
  const oracleTruth = (id: string, now: number, inFlight: number) => {
    const agent = byId.get(id);
    if (!agent || (agent.rateLimitAt !== undefined && inFlight >= agent.rateLimitAt)) return 0;
    return truth(s, agent, now);
  };
  return [
    new WardenRouter(),
    new RoundRobinRouter(),
    new RandomRouter(seed),
    new LiteLlmCooldownRouter(seed),
    new EnvoyOutlierRouter(),
    new OracleRouter(oracleTruth),
  ];
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

export function runScenario(s: Scenario, seeds: number[]): ScenarioResult {
  const perRouter = new Map<string, { figures: RunFigures[]; queueTimeouts: number[] }>();
  for (const seed of seeds)
    for (const router of routers(s, seed)) {
      const figures = simulate(s, router, seed);
      const entry = perRouter.get(router.name) ?? { figures: [], queueTimeouts: [] };
      entry.figures.push(figures);
      if (router instanceof WardenRouter) entry.queueTimeouts.push(router.queueTimeouts);
      perRouter.set(router.name, entry);
    }
  const oracle = perRouter.get("oracle")?.figures ?? [];
  const rows: Row[] = [...perRouter].map(([name, { figures, queueTimeouts }]) => ({
    router: name,
    submitted: mean(figures.map((f) => f.submitted)),
    successRate: mean(figures.map((f) => f.succeeded / f.submitted)),
    successBySeed: figures.map((f) => f.succeeded / f.submitted),
    ofOracle: mean(figures.map((f, i) => f.succeeded / Math.max(1, oracle[i]?.succeeded ?? 0))),
    highRiskToUnreliable: mean(figures.map((f) => f.highRiskToUnreliable)),
    open: mean(figures.map((f) => f.open)),
    ...(s.hardFail
      ? {
          stopRoutingMs: figures.map((f) => f.stopRoutingMs ?? null),
          toFailedAgent: mean(figures.map((f) => f.toFailedAgent ?? 0)),
        }
      : {}),
    ...(s.outage ? { recoveryMs: figures.map((f) => f.recoveryMs ?? null) } : {}),
    ...(queueTimeouts.length ? { queueTimeouts: mean(queueTimeouts) } : {}),
  }));
  return { scenario: s, rows };
}

export function runAll(mode: Mode): ScenarioResult[] {
  return scenarios(mode.arrivalMs).map((s) => runScenario(s, mode.seeds));
}
