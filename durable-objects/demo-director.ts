import { atSpeed, castMember, DEMO_CAST } from "../shared/demo/cast";
import {
  dueWork,
  elapsedMs,
  finished,
  nextWakeAt,
  pause,
  resume,
  type StoryClock,
  startClock,
} from "../shared/demo/clock";
import { type DemoSpeed, demoConfig, demoTimeoutMs } from "../shared/demo/config";
import { applyChange, STORY, type StoryStep } from "../shared/demo/story";
import { DEFAULT_CONFIG, mergeConfig } from "../shared/governance";
import { newId } from "../shared/ids";
import { errorMessage, log } from "../shared/log";
import { Problem, problems } from "../shared/problems";
import type { DemoSettings, DemoState } from "../shared/schemas/demo";
import { changeAgent, registerAgent, removeAgent } from "./agent-commands";
import { auditInput, auditJson } from "./audit-log";
import { fail } from "./hub-result";
import type { HubRuntime } from "./hub-runtime";
import { acceptTasks } from "./task-commands";
import type { CallMeta } from "./tenant-hub";

/** Where the story's clock is kept in the hub's meta table: its presence makes a tenant the demo. */
const CLOCK_KEY = "demo_clock";
const CORRELATION = "demo";

/** Every change the story makes is the system's, with the step as its reason. */
const storyMeta = (why: string): CallMeta => ({ correlationId: CORRELATION, reason: `demo story: ${why}` });

/**
 * Plays the demo story inside the tenant's hub (decision 014). The alarm calls `onAlarm`; the
 * director applies the steps and stream tasks that are due through the same commands an API call
 * uses, so every change has its ordinary events and audit rows. Its clock lives in the hub's meta
 * table, so an evicted or restarted hub picks the story up where it was.
 */
export class DemoDirector {
  constructor(private readonly rt: HubRuntime) {}

  isDemo(): boolean {
    return this.clock() !== null;
  }

  /**
   * Makes the tenant the demo tenant (platform admin). Starts the story when it is new, finished
   * or at another speed; otherwise plays or pauses it where it is. The cast is always complete.
   */
  configure(settings: DemoSettings, now: number): DemoState {
    const clock = this.clock();
    if (!clock || clock.speed !== settings.speed || (settings.autoplay && finished(clock, now))) {
      this.restart(settings.speed, !settings.autoplay, (clock?.run ?? 0) + 1, now);
    } else {
      this.ensureCast(clock.speed);
      this.save(settings.autoplay ? resume(clock, now) : pause(clock, now));
    }
    this.rt.scheduleNext(now);
    return this.state(now);
  }

  /** Starts the story over at t = 0: open tasks cancelled, fresh agents, the demo config. */
  reset(speed: DemoSpeed | undefined, now: number): DemoState {
    const clock = this.clock();
    // Its own problem type: the caller may reset, this tenant may not (the authorizer's 403 is "forbidden").
    if (!clock) fail(new Problem(403, "demo-only", "Forbidden", "Only the demo tenant can be reset."));
    this.restart(speed ?? clock.speed, false, clock.run + 1, now);
    this.rt.scheduleNext(now);
    return this.state(now);
  }

  state(now: number): DemoState {
    const clock = this.clock();
    if (!clock) fail(problems.notFound("The demo story of this tenant"));
    const script = STORY.map((s) => ({ at: s.at / clock.speed, title: s.title }));
    return {
      speed: clock.speed,
      autoplay: clock.pausedAt === null,
      startedAt: new Date(clock.startedAt).toISOString(),
      elapsedSeconds: Math.round(elapsedMs(clock, now) / 100) / 10,
      finished: finished(clock, now),
      tasksSubmitted: clock.submitted,
      stepsDone: clock.nextStep,
      nextStep: script[clock.nextStep] ?? null,
      script,
    };
  }

  /** Applies what is due. Called by every alarm; cheap when nothing is. */
  onAlarm(now: number): void {
    const clock = this.clock();
    // A suspended tenant's story waits too; what it missed meanwhile is skipped, not flooded in.
    if (!clock || clock.pausedAt !== null || this.rt.suspended()) return;
    const work = dueWork(clock, now);
    // Saved first: should a step fail, the story moves on instead of retrying it on every alarm.
    this.save(work.clock);
    try {
      for (const step of work.steps) this.apply(step, clock.speed);
      if (work.tasks.length) acceptTasks(this.rt, work.tasks, null, CORRELATION);
    } catch (err) {
      // The alarm's other work (ticks, flushes) must not stop because a story step could not apply.
      log("error", "demo story step failed", { tenantId: this.rt.tenantId, error: errorMessage(err) });
    }
  }

  nextWakeAt(now: number): number | null {
    const clock = this.clock();
    return clock ? nextWakeAt(clock, now) : null;
  }

  private clock(): StoryClock | null {
    const raw = this.rt.store.getMeta(CLOCK_KEY);
    return raw ? (JSON.parse(raw) as StoryClock) : null;
  }

  private save(clock: StoryClock): void {
    this.rt.store.setMeta(CLOCK_KEY, JSON.stringify(clock));
  }

  private restart(speed: DemoSpeed, paused: boolean, run: number, now: number): void {
    const why = `run ${run} starts at ${speed}× speed`;
    const cancelled = this.rt.engine
      .tasks()
      .filter((t) => t.status === "queued" || t.status === "assigned")
      .flatMap((t) => this.rt.engine.cancel(t.id, "the demo story restarted", now));
    this.rt.commit(cancelled, CORRELATION, now);
    for (const agent of this.rt.engine.agents()) removeAgent(this.rt, agent.id, storyMeta(why));
    this.applyConfig(speed, why, now);
    this.ensureCast(speed);
    this.save(startClock(speed, run, now, paused));
  }

  /** Registers the cast members that are missing (by name), with their healthy profiles. */
  private ensureCast(speed: DemoSpeed): void {
    const present = new Set(this.rt.engine.agents().map((a) => a.name));
    for (const m of DEMO_CAST) {
      if (present.has(m.name)) continue;
      registerAgent(
        this.rt,
        newId("agt"),
        {
          name: m.name,
          kind: "simulated",
          capabilities: m.capabilities,
          maxConcurrency: m.maxConcurrency,
          timeoutMs: demoTimeoutMs(speed),
          simulation: atSpeed(m.simulation, speed),
        },
        {},
        storyMeta(`${m.name} joins the cast (${m.note})`),
      );
    }
  }

  private apply(step: StoryStep, speed: DemoSpeed): void {
    const agents = this.rt.engine.agents();
    for (const [name, change] of Object.entries(step.profiles ?? {})) {
      const member = castMember(name);
      const agent = agents.find((a) => a.name === name);
      // A removed cast member (someone deleted it mid-story) simply misses its cue.
      if (!member || !agent) continue;
      const simulation = atSpeed(applyChange(member.simulation, change), speed);
      changeAgent(this.rt, agent.id, { simulation }, {}, storyMeta(step.title));
    }
  }

  /** The defaults with the demo's durations, as a config change with its event and audit row. */
  private applyConfig(speed: DemoSpeed, why: string, now: number): void {
    const before = this.rt.engine.config;
    const next = mergeConfig(DEFAULT_CONFIG, demoConfig(speed));
    this.rt.commit(this.rt.engine.setConfig(next, now), CORRELATION, now);
    this.rt.requestTick(now);
    this.rt.appendAudit(
      auditInput(undefined, {
        action: "config.change",
        target: { type: "config", id: null },
        reason: `demo story: ${why}`,
        before: auditJson(before),
        after: auditJson(this.rt.engine.config),
      }),
      now,
    );
  }
}
