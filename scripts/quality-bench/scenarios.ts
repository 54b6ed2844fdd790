/**
 * Simulated fleets. Each agent's true reliability (the chance an attempt succeeds) is a function
 * of time; routers never see it, only the outcomes. Times are ms from the start of the run, and
 * events are placed as shares of the arrival period so the short mode keeps the same story.
 */
export interface SimAgent {
  id: string;
  maxConcurrency: number;
  /** Mean latency of an attempt; each attempt takes 0.5× to 1.5× of it. */
  latencyMs: number;
  reliability: (t: number) => number;
  /** Joins the fleet at this time (default 0). */
  joinAt?: number;
  /** Answers 429 (Retry-After 1 s) when it already runs this many attempts. */
  rateLimitAt?: number;
}

export interface Scenario {
  key: string;
  title: string;
  arrivalMs: number;
  tasksPerSecond: number;
  agents: SimAgent[];
  /** Every agent fails during [from, to): an upstream they all depend on is down. */
  outage?: { from: number; to: number };
  /** The agent that fails hard, and when (for "time to stop routing to it"). */
  hardFail?: { agentId: string; from: number };
}

/** The steady fleet: two excellent agents, three good, one mediocre, two poor. */
const BASE = [0.97, 0.95, 0.92, 0.9, 0.85, 0.75, 0.6, 0.45];

function fleet(overrides: Partial<Record<number, Partial<SimAgent>>> = {}): SimAgent[] {
  return BASE.map((p, i) => ({
    id: `agent-${i + 1}`,
    maxConcurrency: 4,
    latencyMs: 400,
    reliability: () => p,
    ...overrides[i],
  }));
}

export function scenarios(arrivalMs: number): Scenario[] {
  const at = (share: number) => Math.round(arrivalMs * share);
  const common = { arrivalMs, tasksPerSecond: 10 };
  const degradeFrom = at(0.2);
  const degradeTo = at(0.4);
  const outageFrom = at(0.4);
  return [
    { key: "steady", title: "Steady fleet", ...common, agents: fleet() },
    {
      key: "degrading",
      title: "One agent degrades (0.97 → 0.30)",
      ...common,
      agents: fleet({
        0: {
          reliability: (t) =>
            t < degradeFrom
              ? 0.97
              : t >= degradeTo
                ? 0.3
                : 0.97 - (0.67 * (t - degradeFrom)) / (degradeTo - degradeFrom),
        },
      }),
    },
    {
      key: "hard-fail",
      title: "One agent fails hard",
      ...common,
      agents: fleet({ 0: { reliability: (t) => (t < at(0.2) ? 0.97 : 0) } }),
      hardFail: { agentId: "agent-1", from: at(0.2) },
    },
    {
      key: "flaky-429",
      title: "A flaky agent answers 429 under load",
      ...common,
      tasksPerSecond: 20,
      agents: fleet({ 0: { maxConcurrency: 8, rateLimitAt: 2 } }),
    },
    {
      key: "outage",
      title: "Upstream outage: every agent fails for a minute",
      ...common,
      agents: fleet(),
      outage: { from: outageFrom, to: outageFrom + 60_000 },
    },
    {
      key: "new-agent",
      title: "A new, excellent agent joins",
      ...common,
      agents: [
        ...fleet(),
        { id: "agent-new", maxConcurrency: 4, latencyMs: 400, reliability: () => 0.99, joinAt: at(0.3) },
      ],
    },
  ];
}

/** The true chance that `agent` succeeds at `t`. */
export function truth(s: Scenario, agent: SimAgent, t: number): number {
  if (s.outage && t >= s.outage.from && t < s.outage.to) return 0;
  return agent.reliability(t);
}
