import { nextUniform, seedRng } from "../../shared/governance/exploration";
import { type Scenario, type SimAgent, truth } from "./scenarios";
import type { Router, SimOutcome, SimTask, Start } from "./types";

/** The virtual clock's step: routers dispatch and outcomes arrive on 100 ms boundaries. */
export const STEP_MS = 100;
/** After arrivals stop, routers get this long to finish what they hold. */
export const DRAIN_MS = 120_000;
const RETRY_AFTER_MS = 1000;
const RATE_LIMITED_LATENCY_MS = 50;
const BUCKET_MS = 5000;
const HIGH_RISK = 0.7;
const UNRELIABLE = 0.7;

export interface RunFigures {
  submitted: number;
  succeeded: number;
  failed: number;
  /** Still queued or running when the run ended (held, never failed). */
  open: number;
  /** Attempts at a task of risk ≥ 0.7 given to an agent whose true reliability was below 0.7. */
  highRiskToUnreliable: number;
  /** ms from the hard failure to the failed agent's last assignment; null: it was still getting work at the end. */
  stopRoutingMs?: number | null;
  /** Attempts given to the failed agent after it failed. */
  toFailedAgent?: number;
  /** ms from the outage's end until the attempt success rate is back within 5 points of before; null: never. */
  recoveryMs?: number | null;
}

interface Running {
  start: Start;
  agent: SimAgent;
  endsAt: number;
  outcome: SimOutcome;
  latencyMs: number;
}

/**
 * Plays one scenario against one router on a virtual clock. The task stream (arrivals, risks) is
 * fixed by the seed, so every router sees the same tasks; outcomes are drawn from the agents'
 * true reliabilities at the moment each attempt starts.
 */
export function simulate(s: Scenario, router: Router, seed: number): RunFigures {
  const taskRng = seedRng(seed);
  const outcomeRng = seedRng(seed * 7919 + 1);
  const agents = new Map(s.agents.map((a) => [a.id, a]));
  const risks = new Map<string, number>();
  const inFlight = new Map<string, number>();
  const running: Running[] = [];
  const buckets = new Map<number, { ok: number; all: number }>();
  const joined = new Set<string>();
  let submitted = 0;
  let owed = 0;
  let highRiskToUnreliable = 0;
  let lastToFailed: number | null = null;
  let toFailed = 0;

  const end = s.arrivalMs + DRAIN_MS;
  for (let now = 0; now <= end; now += STEP_MS) {
    for (const a of s.agents)
      if (!joined.has(a.id) && (a.joinAt ?? 0) <= now) {
        joined.add(a.id);
        router.addAgent(a.id, a.maxConcurrency, now);
      }

    if (now < s.arrivalMs) {
      owed += (s.tasksPerSecond * STEP_MS) / 1000;
      const batch: SimTask[] = [];
      for (; owed >= 1; owed -= 1) {
        const task = {
          id: `task-${String(++submitted).padStart(6, "0")}`,
          risk: nextUniform(taskRng),
          impact: nextUniform(taskRng),
          urgency: nextUniform(taskRng),
        };
        risks.set(task.id, task.risk);
        batch.push(task);
      }
      if (batch.length) router.submit(batch, now);
    }

    for (let i = running.length - 1; i >= 0; i--) {
      const r = running[i] as Running;
      if (r.endsAt > now) continue;
      running.splice(i, 1);
      inFlight.set(r.agent.id, (inFlight.get(r.agent.id) ?? 1) - 1);
      const bucket = Math.floor(now / BUCKET_MS);
      const b = buckets.get(bucket) ?? { ok: 0, all: 0 };
      if (r.outcome !== "rate_limited") {
        b.all += 1;
        if (r.outcome === "success") b.ok += 1;
      }
      buckets.set(bucket, b);
      router.result(
        r.start,
        r.outcome,
        r.latencyMs,
        r.outcome === "rate_limited" ? RETRY_AFTER_MS : null,
        now,
      );
    }

    for (const start of router.dispatch(now)) {
      const agent = agents.get(start.agentId);
      if (!agent) throw new Error(`${router.name} assigned to unknown agent ${start.agentId}`);
      const load = inFlight.get(agent.id) ?? 0;
      if (load >= agent.maxConcurrency) throw new Error(`${router.name} overloaded ${agent.id}`);
      inFlight.set(agent.id, load + 1);
      const p = truth(s, agent, now);
      if ((risks.get(start.taskId) ?? 0) >= HIGH_RISK && p < UNRELIABLE) highRiskToUnreliable += 1;
      if (s.hardFail?.agentId === agent.id && now >= s.hardFail.from) {
        lastToFailed = now;
        toFailed += 1;
      }
      const limited = agent.rateLimitAt !== undefined && load >= agent.rateLimitAt;
      const latencyMs = limited ? RATE_LIMITED_LATENCY_MS : agent.latencyMs * (0.5 + nextUniform(outcomeRng));
      const outcome: SimOutcome = limited
        ? "rate_limited"
        : nextUniform(outcomeRng) < p
          ? "success"
          : "failure";
      // Outcomes land on the next step boundary at or after the attempt's latency.
      running.push({
        start,
        agent,
        outcome,
        latencyMs,
        endsAt: now + Math.max(STEP_MS, Math.ceil(latencyMs / STEP_MS) * STEP_MS),
      });
    }
  }

  const ended = [...router.ended().values()];
  const succeeded = ended.filter((e) => e === "succeeded").length;
  const failed = ended.length - succeeded;
  const figures: RunFigures = {
    submitted,
    succeeded,
    failed,
    open: submitted - ended.length,
    highRiskToUnreliable,
  };
  if (s.hardFail) {
    const stillRouted = lastToFailed !== null && lastToFailed >= s.arrivalMs - 60_000;
    figures.stopRoutingMs = stillRouted ? null : lastToFailed === null ? 0 : lastToFailed - s.hardFail.from;
    figures.toFailedAgent = toFailed;
  }
  if (s.outage) figures.recoveryMs = recovery(buckets, s.outage);
  return figures;
}

/** First 5-s bucket after the outage, of two in a row, whose success rate is within 5 points of the minute before it. */
function recovery(
  buckets: Map<number, { ok: number; all: number }>,
  outage: { from: number; to: number },
): number | null {
  let ok = 0;
  let all = 0;
  for (let b = Math.floor((outage.from - 60_000) / BUCKET_MS); b < Math.floor(outage.from / BUCKET_MS); b++) {
    ok += buckets.get(b)?.ok ?? 0;
    all += buckets.get(b)?.all ?? 0;
  }
  const before = all ? ok / all : 1;
  const good = (b: number) => {
    const x = buckets.get(b);
    return !!x && x.all >= 5 && x.ok / x.all >= before - 0.05;
  };
  const last = Math.max(...buckets.keys());
  for (let b = Math.ceil(outage.to / BUCKET_MS); b < last; b++)
    if (good(b) && good(b + 1)) return b * BUCKET_MS - outage.to;
  return null;
}
