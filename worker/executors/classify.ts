import type { ExecutionResult } from "./types";

/** An outcome without its latency: the caller measures time, the classifier only reads the answer. */
export type Classification = Omit<ExecutionResult, "latencyMs">;

/** Back-off used when an agent answers 429 without a usable Retry-After. */
export const DEFAULT_RETRY_AFTER_MS = 1_000;
/** Longest back-off an agent may ask for; longer requests are clamped. */
export const MAX_RETRY_AFTER_MS = 10 * 60 * 1_000;

const MONTH = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\b/i;

/**
 * Parses a Retry-After header (RFC 9110 §10.2.3): either delta-seconds or an HTTP-date.
 * Missing or unparseable values fall back to {@link DEFAULT_RETRY_AFTER_MS}; the result is clamped
 * to [0, {@link MAX_RETRY_AFTER_MS}].
 */
export function parseRetryAfter(header: string | null | undefined, now: number): number {
  const value = header?.trim();
  if (!value) return DEFAULT_RETRY_AFTER_MS;
  let ms: number;
  if (/^\d+$/.test(value)) {
    ms = Number(value) * 1_000;
  } else {
    // HTTP-dates (IMF-fixdate, RFC 850, asctime) all name the month; this keeps Date.parse's
    // leniency from reading "-1" or "1.5" as a date.
    if (!MONTH.test(value)) return DEFAULT_RETRY_AFTER_MS;
    // asctime dates carry no zone but are GMT by definition; don't let the host's zone leak in.
    const at = Date.parse(/\b(GMT|UTC)\b/i.test(value) ? value : `${value} GMT`);
    if (Number.isNaN(at)) return DEFAULT_RETRY_AFTER_MS;
    ms = at - now;
  }
  if (!Number.isFinite(ms)) return MAX_RETRY_AFTER_MS;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, Math.round(ms)));
}

/**
 * Maps an agent's HTTP answer to an outcome: 2xx success, 429 rate limited (honouring Retry-After),
 * other 4xx rejected (the agent refuses this task; retrying will not help), anything else a failure.
 */
export function classifyResponse(
  status: number,
  retryAfterHeader: string | null,
  now: number,
): Classification {
  const detail = `HTTP ${status}`;
  if (status >= 200 && status < 300) return { outcome: "success", detail };
  if (status === 429) {
    return { outcome: "rate_limited", retryAfterMs: parseRetryAfter(retryAfterHeader, now), detail };
  }
  if (status >= 400 && status < 500) return { outcome: "rejected", detail };
  return { outcome: "failure", detail };
}

function errorName(err: unknown): string | undefined {
  if (typeof err !== "object" || err === null || !("name" in err)) return undefined;
  return typeof err.name === "string" ? err.name : undefined;
}

/** Maps an exception raised while calling an agent: aborts and timeouts are timeouts, the rest failures. */
export function classifyError(err: unknown): Classification {
  const name = errorName(err);
  if (name === "TimeoutError" || name === "AbortError") return { outcome: "timeout", detail: "timeout" };
  return { outcome: "failure", detail: "network error" };
}
