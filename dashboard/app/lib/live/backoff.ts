/**
 * Reconnect delay: exponential from `baseMs`, capped at `maxMs`, with full jitter so a fleet of
 * tabs dropped by one deploy does not reconnect in lockstep.
 */
export function backoffDelay(attempt: number, random = Math.random, baseMs = 500, maxMs = 30_000): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
