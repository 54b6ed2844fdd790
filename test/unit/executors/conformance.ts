import type { Outcome } from "../../../worker/executors/types";

/**
 * The shared conformance table for HTTP agents: a status (and Retry-After) and what Warden must
 * make of it. Used by the pure classifier tests and, through a real agent server, by the executor
 * tests in Node and in workerd.
 */
export interface ResponseCase {
  status: number;
  retryAfter?: string;
  outcome: Outcome;
  retryAfterMs?: number;
  /** The machine-readable cause Warden records with the attempt. */
  reason?: string;
}

export const RESPONSE_CASES: readonly ResponseCase[] = [
  { status: 200, outcome: "success" },
  { status: 201, outcome: "success" },
  { status: 202, outcome: "success" },
  { status: 204, outcome: "success" },
  { status: 429, retryAfter: "3", outcome: "rate_limited", retryAfterMs: 3_000 },
  { status: 429, retryAfter: "0", outcome: "rate_limited", retryAfterMs: 0 },
  { status: 429, retryAfter: "86400", outcome: "rate_limited", retryAfterMs: 600_000 },
  { status: 429, retryAfter: "soon", outcome: "rate_limited", retryAfterMs: 1_000 },
  { status: 429, outcome: "rate_limited", retryAfterMs: 1_000 },
  { status: 400, outcome: "rejected", reason: "http_400" },
  { status: 401, outcome: "rejected", reason: "http_401" },
  { status: 403, outcome: "rejected", reason: "http_403" },
  { status: 404, outcome: "rejected", reason: "http_404" },
  { status: 409, outcome: "rejected", reason: "http_409" },
  { status: 422, outcome: "rejected", reason: "http_422" },
  { status: 500, outcome: "failure", reason: "http_500" },
  { status: 502, outcome: "failure", reason: "http_502" },
  { status: 503, outcome: "failure", reason: "http_503" },
  { status: 504, outcome: "failure", reason: "http_504" },
];

export function caseName(c: ResponseCase): string {
  return c.retryAfter === undefined ? `${c.status}` : `${c.status} with Retry-After "${c.retryAfter}"`;
}
