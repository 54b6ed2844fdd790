import { describe, expect, it } from "vitest";
import { DEMO_CAST } from "../../../shared/demo/cast";
import {
  dueWork,
  MAX_BACKLOG_MS,
  nextWakeAt,
  pause,
  resume,
  startClock,
  storySeconds,
} from "../../../shared/demo/clock";
import { DEMO_SPEEDS, demoConfig } from "../../../shared/demo/config";
import { STORY, STORY_LENGTH_S, STREAM_RATE, streamTask } from "../../../shared/demo/story";
import { DEFAULT_CONFIG, mergeConfig } from "../../../shared/governance";
import { firstShown, MECHANISMS, playStory, T0 } from "./play-story";

/**
 * The story, played against the real engine and the simulated executor on a virtual clock: every
 * mechanism it promises must show within the scripted time, at each speed and for several runs
 * (each run's task ids differ, so the simulated outcomes do too).
 */
describe("the demo story", () => {
  for (const speed of [5, 10] as const) {
    for (const run of [1, 2, 3]) {
      it(`shows every mechanism within ${STORY_LENGTH_S / speed} s at ${speed}× (run ${run})`, async () => {
        const played = await playStory(speed, run, STORY_LENGTH_S);
        const shown = firstShown(played);
        const missing = Object.entries(shown).filter(([, at]) => at === null);
        expect(missing, JSON.stringify(shown)).toEqual([]);
        for (const at of Object.values(shown)) expect(at).toBeLessThanOrEqual(STORY_LENGTH_S);

        // ember's arc happens in order: it drifts, is suppressed, serves probation, is redeemed.
        const ember = (type: string) => shown[`${type}:ember`] ?? Number.NaN;
        expect(ember("drift.detected")).toBeLessThanOrEqual(ember("agent.suppressed"));
        expect(ember("agent.suppressed")).toBeLessThan(ember("agent.probation"));
        expect(ember("agent.probation")).toBeLessThan(ember("agent.reinstated"));
        // …and it stays in the fleet, while fault is out for good.
        expect(played.some((e) => e.agent === "ember" && e.type === "agent.excluded")).toBe(false);
        // The circuit opens during the outage, not before it.
        const outage = STORY.find((s) => s.title.startsWith("Upstream outage"))?.at ?? 0;
        expect(shown["circuit.opened"]).toBeGreaterThanOrEqual(outage);
        expect(shown["circuit.closed"]).toBeGreaterThan(shown["circuit.half_opened"] ?? Number.NaN);
      });
    }
  }

  it("names each mechanism of the product's governance", () => {
    expect(MECHANISMS.map((m) => m.type).sort()).toEqual(
      [
        "agent.excluded",
        "agent.probation",
        "agent.reinstated",
        "agent.suppressed",
        "circuit.closed",
        "circuit.half_opened",
        "circuit.opened",
        "drift.detected",
        "mutation.applied",
      ].sort(),
    );
  });
});

describe("the task stream", () => {
  it("is the same for the same index and run, and different across runs", () => {
    expect(streamTask(7, 1)).toEqual(streamTask(7, 1));
    expect(streamTask(7, 1).externalId).not.toEqual(streamTask(7, 2).externalId);
  });

  it("holds enough low-risk tasks for agents on probation, and some that need earned trust", () => {
    const tasks = Array.from({ length: 1000 }, (_, i) => streamTask(i, 1));
    const low = tasks.filter((t) => t.risk <= 0.3).length;
    const high = tasks.filter((t) => t.risk >= 0.6).length;
    expect(low).toBeGreaterThan(400);
    expect(high).toBeGreaterThan(100);
    // Every task has an agent of the cast able to serve it.
    for (const t of tasks)
      expect(DEMO_CAST.some((m) => t.capabilities.every((c) => m.capabilities.includes(c)))).toBe(true);
  });
});

describe("the story clock", () => {
  it("submits the stream at its rate times the speed, and applies steps when due", () => {
    const clock = startClock(5, 1, T0, false);
    const work = dueWork(clock, T0 + 2_000);
    // 2 s at 5× is 10 story seconds.
    expect(storySeconds(clock, T0 + 2_000)).toBe(10);
    expect(work.tasks).toHaveLength(10 * STREAM_RATE);
    expect(work.steps.map((s) => s.at)).toEqual(STORY.filter((s) => s.at <= 10).map((s) => s.at));
    // Nothing is due twice.
    expect(dueWork(work.clock, T0 + 2_000).tasks).toHaveLength(0);
  });

  it("stands still while paused and resumes where it stopped", () => {
    const paused = pause(startClock(10, 1, T0, false), T0 + 1_000);
    expect(dueWork(paused, T0 + 60_000).tasks).toHaveLength(0);
    expect(nextWakeAt(paused, T0 + 60_000)).toBeNull();
    const resumed = resume(paused, T0 + 60_000);
    expect(storySeconds(resumed, T0 + 60_000)).toBe(10);
    expect(dueWork(resumed, T0 + 60_000).tasks).toHaveLength(10 * STREAM_RATE);
  });

  it("skips, rather than floods in, a long stretch the hub slept through", () => {
    const clock = startClock(1, 1, T0, false);
    const work = dueWork(clock, T0 + 3_600_000);
    expect(work.tasks).toHaveLength((MAX_BACKLOG_MS / 1000) * STREAM_RATE);
    expect(work.clock.submitted).toBe(3600 * STREAM_RATE);
    expect(work.steps).toHaveLength(STORY.length);
  });
});

describe("the demo config", () => {
  it("is valid at every speed and shortens durations by the speed", () => {
    for (const speed of DEMO_SPEEDS) {
      const config = mergeConfig(DEFAULT_CONFIG, demoConfig(speed));
      expect(config.suppressionBaseMs).toBe(DEFAULT_CONFIG.suppressionBaseMs / speed);
      expect(config.circuitCooldownMs).toBe(DEFAULT_CONFIG.circuitCooldownMs / speed);
      expect(config.cycleMaxMs).toBe(DEFAULT_CONFIG.cycleMaxMs / speed);
      // Counts and rates are the product's own.
      expect(config.exclusionSuppressions).toBe(DEFAULT_CONFIG.exclusionSuppressions);
      expect(config.trustThreshold).toBe(DEFAULT_CONFIG.trustThreshold);
    }
  });
});
