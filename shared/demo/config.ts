import type { GovernanceConfigPatch } from "../governance";

/** The speeds the demo plays at: 1× is real time, 5× and 10× are time-lapses. */
export const DEMO_SPEEDS = [1, 5, 10] as const;
export type DemoSpeed = (typeof DEMO_SPEEDS)[number];
export const DEFAULT_DEMO_SPEED: DemoSpeed = 5;

export function isDemoSpeed(value: unknown): value is DemoSpeed {
  return DEMO_SPEEDS.includes(value as DemoSpeed);
}

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * The demo tenant's governance config at a speed: the defaults, with every duration divided by
 * the speed so a suppression, a circuit cooldown or a cycle lasts the same share of the story.
 * Counts and rates stay as they are, so what the story shows is the product's real behaviour.
 * Exploration is on so that agents back from suppression still get work to prove themselves.
 */
export function demoConfig(speed: DemoSpeed): GovernanceConfigPatch {
  const scaled = (ms: number) => Math.max(1, Math.round(ms / speed));
  return {
    slowMs: scaled(10 * SECOND),
    agingWindowMs: scaled(2 * MINUTE),
    suppressionBaseMs: scaled(30 * SECOND),
    suppressionMaxMs: scaled(10 * MINUTE),
    forgivenessMs: scaled(HOUR),
    exclusionWindowMs: scaled(DAY),
    circuitCooldownMs: scaled(30 * SECOND),
    circuitMaxCooldownMs: scaled(10 * MINUTE),
    cycleMaxMs: scaled(MINUTE),
    taskTimeoutMs: scaled(30 * SECOND),
    exploration: true,
  };
}

/** The time one agent attempt may take at `speed` (matches taskTimeoutMs above). */
export function demoTimeoutMs(speed: DemoSpeed): number {
  return Math.max(100, Math.round((30 * SECOND) / speed));
}
