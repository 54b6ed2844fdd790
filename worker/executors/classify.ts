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

/** The most of an answer's body Warden reads; an agent that sends more has misbehaved. */
export const MAX_RESPONSE_BYTES = 64 * 1024;
/** The most of an agent's own rejection reason that is kept as the attempt's detail. */
export const MAX_REJECTION_REASON_CHARS = 200;

/**
 * The reason an agent gave when it answered `{ "outcome": "rejected", "reason": … }`: trimmed and
 * cut to {@link MAX_REJECTION_REASON_CHARS} characters ("" when it gave none). `null` when the body
 * is anything else, so a 2xx that merely mentions "rejected" somewhere stays a success.
 */
export function agentRejection(body: string | null | undefined): string | null {
  if (!body) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return null;
  if (!("outcome" in parsed) || parsed.outcome !== "rejected") return null;
  const reason = "reason" in parsed && typeof parsed.reason === "string" ? parsed.reason.trim() : "";
  // Cut by code point, so a reason never ends in half a surrogate pair.
  const points = Array.from(reason);
  return points.length > MAX_REJECTION_REASON_CHARS
    ? points.slice(0, MAX_REJECTION_REASON_CHARS).join("").trimEnd()
    : reason;
}

/**
 * Maps an agent's HTTP answer to an outcome: 2xx success, 429 rate limited (honouring Retry-After),
 * other 4xx rejected (the agent refuses this task; retrying will not help), anything else a failure
 * with reason `http_<status>`. A 2xx or 4xx whose body is `{ "outcome": "rejected", "reason": … }`
 * is the agent refusing the task on purpose: rejected, reason `agent_rejected`, detail its reason.
 */
export function classifyResponse(
  status: number,
  retryAfterHeader: string | null,
  now: number,
  body: string | null = null,
): Classification {
  const detail = `HTTP ${status}`;
  if (status === 429) {
    return { outcome: "rate_limited", retryAfterMs: parseRetryAfter(retryAfterHeader, now), detail };
  }
  const answersTask = status >= 200 && status < 300;
  const refusesTask = status >= 400 && status < 500;
  if (answersTask || refusesTask) {
    const rejection = agentRejection(body);
    if (rejection !== null) {
      return { outcome: "rejected", reason: "agent_rejected", detail: rejection || "rejected by the agent" };
    }
  }
  if (answersTask) return { outcome: "success", detail };
  if (refusesTask) return { outcome: "rejected", reason: `http_${status}`, detail };
  return { outcome: "failure", reason: `http_${status}`, detail };
}

/** An answer longer than {@link MAX_RESPONSE_BYTES}: a failure, whatever its status. */
export function responseTooLarge(): Classification {
  return {
    outcome: "failure",
    reason: "response_too_large",
    detail: `response body larger than ${MAX_RESPONSE_BYTES} bytes`,
  };
}

/** The agent's signing secrets did not open (wrong key, corrupted or foreign seal): no call is made. */
export function secretUnavailable(): Classification {
  return { outcome: "failure", reason: "secret_unavailable", detail: "signing secret unavailable" };
}

function errorName(err: unknown): string | undefined {
  if (typeof err !== "object" || err === null || !("name" in err)) return undefined;
  return typeof err.name === "string" ? err.name : undefined;
}

/** Maps an exception raised while calling an agent: aborts and timeouts are timeouts, the rest failures. */
export function classifyError(err: unknown): Classification {
  const name = errorName(err);
  if (name === "TimeoutError" || name === "AbortError") return { outcome: "timeout", detail: "timeout" };
  return { outcome: "failure", reason: "network_error", detail: "network error" };
}
