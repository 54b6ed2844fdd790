import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type CycleRecord,
  type DomainEvent,
  type GovernanceConfig,
  GovernanceEngine,
  type Outcome,
} from "../../../shared/governance";
import { agent, cfg, T0 } from "./helpers";

/**
 * Model-free property tests: random command sequences against the engine, checking invariants
 * after every step. Results are aimed at real, stale, future and finished attempts alike, and
 * time jumps far enough to expire deadlines, suppressions, cooldowns and cycles.
 */

type Command =
  | {
      kind: "submit";
      tasks: { impact: number; urgency: number; risk: number; caps: number; maxAttempts: number }[];
    }
  | { kind: "tick"; dt: number }
  | { kind: "advance"; dt: number }
  | {
      kind: "result";
      running: boolean;
      pick: number;
      offset: number;
      outcome: Outcome;
      latencyMs: number;
      twice: boolean;
    }
  | { kind: "release"; pick: number; offset: number }
  | { kind: "cancel"; pick: number }
  | { kind: "abandon"; pick: number }
  | { kind: "suppress"; agent: number }
  | { kind: "reinstate"; agent: number }
  | { kind: "override"; agent: number; trust: number }
  | { kind: "closeCycle" };

const unit = fc.double({ min: 0, max: 1, noNaN: true });
const outcome = fc.constantFrom<Outcome>(
  "success",
  "success",
  "success",
  "failure",
  "timeout",
  "rate_limited",
  "rejected",
);
const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("submit" as const),
      tasks: fc.array(
        fc.record({
          impact: unit,
          urgency: unit,
          risk: unit,
          caps: fc.nat(3),
          maxAttempts: fc.integer({ min: 1, max: 3 }),
        }),
        { minLength: 1, maxLength: 6 },
      ),
    }),
  },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("tick" as const), dt: fc.nat(3_000) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("advance" as const), dt: fc.nat(200_000) }) },
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant("result" as const),
      // Mostly aim at running tasks, where results are accepted; sometimes at anything at all.
      running: fc.constantFrom(true, true, true, false),
      pick: fc.nat(),
      offset: fc.constantFrom(0, 0, 0, 0, -1, 1),
      outcome,
      latencyMs: fc.nat(15_000),
      twice: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("release" as const),
      pick: fc.nat(),
      offset: fc.constantFrom(0, -1),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("cancel" as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("abandon" as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("suppress" as const), agent: fc.nat(5) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("reinstate" as const), agent: fc.nat(5) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("override" as const), agent: fc.nat(5), trust: unit }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("closeCycle" as const) }) },
);

const configArb: fc.Arbitrary<GovernanceConfig> = fc
  .record({
    exploration: fc.boolean(),
    explorationSeed: fc.nat(1_000),
    cycleMaxResults: fc.integer({ min: 3, max: 40 }),
    circuitMinSamples: fc.integer({ min: 3, max: 10 }),
    exclusionSuppressions: fc.integer({ min: 2, max: 4 }),
  })
  .map((p) => cfg(p));

const CAPS = [[], ["x"], ["y"], ["x", "y"]];
const AGENTS = [
  agent("a", { capabilities: ["x"], maxConcurrency: 2 }),
  agent("b", { capabilities: ["x", "y"], maxConcurrency: 3 }),
  agent("c", { capabilities: ["y"], maxConcurrency: 1, timeoutMs: 4_000 }),
  agent("d", { capabilities: [], maxConcurrency: 2 }),
  agent("e", { capabilities: ["x", "y"], maxConcurrency: 2, slowMs: 2_000 }),
];

interface Run {
  engine: GovernanceEngine;
  now: number;
  submitted: string[];
  events: DomainEvent[];
}

function start(config: GovernanceConfig): Run {
  const engine = new GovernanceEngine(config, { now: T0 });
  const events: DomainEvent[] = [];
  for (const a of AGENTS) events.push(...engine.registerAgent(a, T0));
  return { engine, now: T0, submitted: [], events };
}

/** Applies one command; returns the events it produced (tick results included as pseudo-events). */
function apply(run: Run, c: Command): DomainEvent[] {
  const e = run.engine;
  const pickTask = (pick: number) =>
    run.submitted.length ? run.submitted[pick % run.submitted.length] : undefined;
  const currentAttempt = (id: string) => {
    const t = e.task(id);
    return t?.attempts[t.attempts.length - 1]?.attempt ?? 1;
  };
  const agentId = (i: number) => AGENTS[i % AGENTS.length]?.id ?? "a";
  const out: DomainEvent[] = [];
  switch (c.kind) {
    case "submit": {
      const tasks = c.tasks.map((t, i) => ({
        id: `t${run.submitted.length + i}`,
        impact: t.impact,
        urgency: t.urgency,
        risk: t.risk,
        capabilities: CAPS[t.caps] ?? [],
        maxAttempts: t.maxAttempts,
      }));
      out.push(...e.submit(tasks, run.now));
      run.submitted.push(...tasks.map((t) => t.id));
      break;
    }
    case "tick": {
      run.now += c.dt;
      const r = e.tick(run.now);
      out.push(...r.events);
      out.push({ type: "task.assigned", data: { assignments: r.assignments, holds: r.holds } });
      break;
    }
    case "advance":
      run.now += c.dt;
      out.push(...e.advance(run.now));
      break;
    case "result": {
      const running = e
        .tasks()
        .filter((t) => t.status === "assigned")
        .map((t) => t.id);
      const id = c.running && running.length > 0 ? running[c.pick % running.length] : pickTask(c.pick);
      if (!id) break;
      const attempt = Math.max(1, currentAttempt(id) + c.offset);
      const input = { taskId: id, attempt, outcome: c.outcome, latencyMs: c.latencyMs, retryAfterMs: 500 };
      const first = e.recordResult(input, run.now);
      out.push(...first.events);
      if (c.twice) {
        const again = e.recordResult(input, run.now);
        expect(again).toEqual({ accepted: false, events: [] });
      }
      break;
    }
    case "release": {
      const id = pickTask(c.pick);
      if (id) out.push(...e.release(id, currentAttempt(id) + c.offset, run.now));
      break;
    }
    case "cancel": {
      const id = pickTask(c.pick);
      if (id) out.push(...e.cancel(id, "property test", run.now));
      break;
    }
    case "abandon": {
      const id = pickTask(c.pick);
      if (id) out.push(...e.abandon(id, currentAttempt(id), "dead-lettered", run.now).events);
      break;
    }
    case "suppress": {
      const a = e.agent(agentId(c.agent));
      if (a && a.status !== "excluded") out.push(...e.suppress(a.id, "property test", run.now));
      break;
    }
    case "reinstate": {
      const a = e.agent(agentId(c.agent));
      if (a && a.status !== "active") out.push(...e.reinstate(a.id, "property test", run.now));
      break;
    }
    case "override":
      out.push(...e.overrideTrust(agentId(c.agent), c.trust, "property test", run.now));
      break;
    case "closeCycle":
      out.push(...e.closeCycle(run.now));
      break;
  }
  run.events.push(...out);
  return out;
}

/** Collects violations as sentences (one expect per step keeps 10⁵ checks fast). */
function checkInvariants(run: Run, produced: DomainEvent[]): void {
  const e = run.engine;
  const config = e.config;
  const tasks = e.tasks();
  const agents = new Map(e.agents().map((a) => [a.id, a]));
  const bad: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) bad.push(what);
  };

  // Every submitted task is held in exactly one status; none disappears.
  const held = tasks.map((t) => t.id).sort();
  const want = [...run.submitted].sort();
  check(held.length === want.length && held.every((id, i) => id === want[i]), "tasks held ≠ tasks submitted");
  const counts = { queued: 0, assigned: 0, succeeded: 0, failed: 0, cancelled: 0 };
  for (const t of tasks) counts[t.status] += 1;
  const total = counts.queued + counts.assigned + counts.succeeded + counts.failed + counts.cancelled;
  check(total === run.submitted.length, "status counts ≠ submitted");
  const open = e.openCounts();
  check(open.queued === counts.queued && open.assigned === counts.assigned, "openCounts out of step");

  // Slots: inFlight is exactly the open attempts on the agent.
  const inFlight = new Map<string, number>();
  const provisional = new Map<string, number>();
  for (const t of tasks) {
    const last = t.attempts[t.attempts.length - 1];
    const isOpen = last !== undefined && last.outcome === undefined && last.voided === undefined;
    check(isOpen === (t.status === "assigned"), `task ${t.id} is ${t.status} with open attempt ${isOpen}`);
    if (isOpen && last) {
      inFlight.set(last.agentId, (inFlight.get(last.agentId) ?? 0) + 1);
      if (last.provisional) provisional.set(last.agentId, (provisional.get(last.agentId) ?? 0) + 1);
    }
  }
  for (const a of agents.values()) {
    check(a.trust >= 0 && a.trust <= 1, `trust of ${a.id} is ${a.trust}`);
    check(a.inFlight === (inFlight.get(a.id) ?? 0), `inFlight of ${a.id}`);
    check(a.probationInFlight === (provisional.get(a.id) ?? 0), `probationInFlight of ${a.id}`);
    check(a.inFlight <= a.maxConcurrency, `${a.id} over capacity`);
  }
  check(e.threshold >= config.thresholdMin && e.threshold <= config.thresholdMax, `threshold ${e.threshold}`);

  for (const ev of produced) {
    if (ev.type === "trust.updated" && ev.data.manual === false && typeof ev.data.outcome === "string") {
      const before = Number(ev.data.before);
      const after = Number(ev.data.after);
      if (ev.data.outcome === "success") check(after >= before, "a success lowered trust");
      else check(after <= before, `a ${ev.data.outcome} raised trust`);
    }
    if (ev.type === "cycle.completed") {
      check((ev.data as unknown as CycleRecord).constraintScore === 1, "constraint score below 1");
    }
    if (ev.type === "task.assigned" && ev.taskId && ev.agentId) {
      const a = agents.get(ev.agentId);
      const t = e.task(ev.taskId);
      // Assignments do not change statuses, so the status after the tick is the one it saw.
      check(a?.status === "active" || a?.status === "probation", `assigned to a ${a?.status} agent`);
      if (ev.data.provisional || a?.status === "probation") {
        check((t?.risk ?? 1) <= config.probationMaxRisk, "risky task taken provisionally or on probation");
      }
      if (a?.status === "probation") check(ev.data.provisional === true, "probation agent passed as gated");
      if (!ev.data.provisional) {
        check(
          Number(ev.data.trust) >= Number(ev.data.requiredTrust) - 1e-9,
          "gated assignment below the gate",
        );
      }
    }
  }
  expect(bad).toEqual([]);
}

const scenario = fc.record({
  config: configArb,
  commands: fc.array(command, { minLength: 1, maxLength: 120, size: "max" }),
});

describe("governance engine properties", () => {
  it("keeps its invariants under any command sequence", () => {
    fc.assert(
      fc.property(scenario, ({ config, commands }) => {
        const run = start(config);
        for (const c of commands) {
          checkInvariants(run, apply(run, c));
          if (c.kind === "tick" || c.kind === "advance") {
            // After time has been applied nothing is overdue: a hub alarm can never spin.
            const wake = run.engine.nextWakeAt();
            expect(wake === null || wake > run.now).toBe(true);
          }
        }
      }),
      { numRuns: 150 },
    );
  }, 60_000);

  it("is deterministic: the same inputs and seed give the same events", () => {
    fc.assert(
      fc.property(scenario, ({ config, commands }) => {
        const one = start(config);
        const two = start(config);
        for (const c of commands) apply(one, c);
        for (const c of commands) apply(two, c);
        expect(two.events).toEqual(one.events);
        expect(two.engine.snapshot()).toEqual(one.engine.snapshot());
      }),
      { numRuns: 100 },
    );
  }, 60_000);

  it("behaves identically after a snapshot round-trip (through JSON)", () => {
    fc.assert(
      fc.property(scenario, fc.nat(), ({ config, commands }, cut) => {
        const split = cut % (commands.length + 1);
        const original = start(config);
        for (const c of commands.slice(0, split)) apply(original, c);
        const snapshot = JSON.parse(JSON.stringify(original.engine.snapshot()));
        const restored: Run = {
          engine: new GovernanceEngine(config, { snapshot }),
          now: original.now,
          submitted: [...original.submitted],
          events: [],
        };
        const tail: DomainEvent[] = [];
        for (const c of commands.slice(split)) tail.push(...apply(original, c));
        for (const c of commands.slice(split)) apply(restored, c);
        expect(restored.events).toEqual(tail);
        expect(restored.engine.snapshot()).toEqual(original.engine.snapshot());
      }),
      { numRuns: 100 },
    );
  }, 60_000);
});
