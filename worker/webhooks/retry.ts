/**
 * How long to wait before the next delivery attempt after `attempt` failed (1 = the first
 * delivery): the Standard Webhooks / Svix schedule, 5 s, 5 min, 30 min, 2 h, 5 h, then 10 h.
 * Jitter of ±20 % spreads the retries of many messages that failed together (an outage), so a
 * receiver coming back is not hit by all of them at once.
 */
const SCHEDULE_S = [5, 300, 1800, 7200, 18_000, 36_000];
/** Queues refuses a longer delay. */
export const MAX_DELAY_S = 43_200;
const JITTER = 0.2;

export function retryDelaySeconds(attempt: number, random: () => number = Math.random, scale = 1): number {
  const base = SCHEDULE_S[Math.min(Math.max(attempt, 1), SCHEDULE_S.length) - 1] ?? MAX_DELAY_S;
  const jittered = base * (1 - JITTER + 2 * JITTER * random());
  return Math.min(MAX_DELAY_S, Math.max(0, Math.round(jittered * scale)));
}

/** The retry-scale binding: a non-negative number, 1 when absent or malformed. */
export function retryScale(value: string | undefined): number {
  const n = value === undefined ? Number.NaN : Number(value);
  return Number.isFinite(n) && n >= 0 ? n : 1;
}
