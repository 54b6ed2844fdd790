/**
 * When an endpoint is given up on. A receiver that is down for good would otherwise be retried
 * for ever, and every event would add a week of retries to the queue.
 */
export const DISABLE_AFTER_FAILURES = 50;
export const DISABLE_AFTER_MS = 5 * 24 * 3600_000;

export type AttemptOutcome = "delivered" | "failed" | "gone";

export interface EndpointHealth {
  consecutiveFailures: number;
  failingSince: number | null;
  lastSuccessAt: number | null;
}

/**
 * The endpoint's health after one attempt, and why it must now be disabled (null: it need not).
 * `consecutiveFailures` counts failed messages: a message's retries add nothing, so 50 means 50
 * different events in a row that the endpoint did not take.
 */
export function afterAttempt(
  health: EndpointHealth,
  outcome: AttemptOutcome,
  at: number,
  firstAttempt = true,
): { health: EndpointHealth; disable: string | null } {
  if (outcome === "delivered")
    return {
      health: {
        consecutiveFailures: 0,
        failingSince: null,
        lastSuccessAt: Math.max(at, health.lastSuccessAt ?? 0),
      },
      disable: null,
    };
  const next: EndpointHealth = {
    consecutiveFailures: health.consecutiveFailures + (firstAttempt || outcome === "gone" ? 1 : 0),
    failingSince: health.failingSince ?? at,
    lastSuccessAt: health.lastSuccessAt,
  };
  if (outcome === "gone") return { health: next, disable: "the endpoint answered 410 Gone" };
  if (next.consecutiveFailures >= DISABLE_AFTER_FAILURES)
    return { health: next, disable: `${next.consecutiveFailures} failed messages in a row` };
  if (next.failingSince !== null && at - next.failingSince >= DISABLE_AFTER_MS)
    return { health: next, disable: "deliveries have failed for 5 days" };
  return { health: next, disable: null };
}
