import type { TaskInput } from "../schemas/tasks";
import type { DemoSpeed } from "./config";
import { STORY, STORY_LENGTH_S, STREAM_RATE, type StoryStep, streamTask } from "./story";

/**
 * Where a demo run stands, as the hub persists it: enough to resume after the object restarts.
 * Wall-clock times are ms since the epoch; the story's own time is the elapsed time × speed.
 */
export interface StoryClock {
  speed: DemoSpeed;
  /** Counts restarts, so each run's tasks have their own external ids. */
  run: number;
  startedAt: number;
  /** While paused, the story's time stands still at this moment. */
  pausedAt: number | null;
  /** Index into STORY of the next step to apply. */
  nextStep: number;
  /** Stream tasks submitted so far. */
  submitted: number;
}

/** The stream is submitted in small batches rather than one alarm per task. */
export const STREAM_BATCH_MS = 250;
/**
 * After a long pause in the hub's life (the machine slept, the dev server was stopped), at most
 * this much wall time of stream is made up for; the rest is skipped rather than flooding in.
 */
export const MAX_BACKLOG_MS = 10_000;

export function startClock(speed: DemoSpeed, run: number, now: number, paused: boolean): StoryClock {
  return { speed, run, startedAt: now, pausedAt: paused ? now : null, nextStep: 0, submitted: 0 };
}

export function elapsedMs(clock: StoryClock, now: number): number {
  return Math.max(0, (clock.pausedAt ?? now) - clock.startedAt);
}

export function storySeconds(clock: StoryClock, now: number): number {
  return (elapsedMs(clock, now) * clock.speed) / 1000;
}

export function finished(clock: StoryClock, now: number): boolean {
  return clock.nextStep >= STORY.length && storySeconds(clock, now) >= STORY_LENGTH_S;
}

export function pause(clock: StoryClock, now: number): StoryClock {
  return clock.pausedAt === null ? { ...clock, pausedAt: now } : clock;
}

/** Resuming shifts the start by the pause, so no story time passed while paused. */
export function resume(clock: StoryClock, now: number): StoryClock {
  if (clock.pausedAt === null) return clock;
  return { ...clock, startedAt: clock.startedAt + (now - clock.pausedAt), pausedAt: null };
}

/** When the step (story seconds) falls due on the wall clock. */
export function stepWallTime(clock: StoryClock, at: number): number {
  return clock.startedAt + (at * 1000) / clock.speed;
}

export interface DueWork {
  steps: StoryStep[];
  tasks: TaskInput[];
  clock: StoryClock;
}

/** The steps and stream tasks due by `now`, and the clock once they are done. */
export function dueWork(clock: StoryClock, now: number): DueWork {
  if (clock.pausedAt !== null) return { steps: [], tasks: [], clock };
  const story = storySeconds(clock, now);
  const steps: StoryStep[] = [];
  let nextStep = clock.nextStep;
  for (let s = STORY[nextStep]; s && s.at <= story; s = STORY[nextStep]) {
    steps.push(s);
    nextStep += 1;
  }
  const target = Math.floor(story * STREAM_RATE);
  const from = Math.max(clock.submitted, target - (MAX_BACKLOG_MS / 1000) * clock.speed * STREAM_RATE);
  const tasks: TaskInput[] = [];
  for (let i = from; i < target; i++) tasks.push(streamTask(i, clock.run));
  return { steps, tasks, clock: { ...clock, nextStep, submitted: Math.max(clock.submitted, target) } };
}

/** The next time the director has work: the next step, or the next batch of the stream. */
export function nextWakeAt(clock: StoryClock, now: number): number | null {
  if (clock.pausedAt !== null) return null;
  const nextTaskAt = clock.startedAt + ((clock.submitted + 1) * 1000) / (STREAM_RATE * clock.speed);
  let wake = Math.max(nextTaskAt, now + STREAM_BATCH_MS);
  const step = STORY[clock.nextStep];
  if (step) wake = Math.min(wake, stepWallTime(clock, step.at));
  return wake;
}
