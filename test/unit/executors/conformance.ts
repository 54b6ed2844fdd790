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
  { status: 400, outcome: "rejected" },
  { status: 401, outcome: "rejected" },
  { status: 403, outcome: "rejected" },
  { status: 404, outcome: "rejected" },
  { status: 409, outcome: "rejected" },
  { status: 422, outcome: "rejected" },
  { status: 500, outcome: "failure" },
  { status: 502, outcome: "failure" },
  { status: 503, outcome: "failure" },
  { status: 504, outcome: "failure" },
];

export function caseName(c: ResponseCase): string {
  return c.retryAfter === undefined ? `${c.status}` : `${c.status} with Retry-After "${c.retryAfter}"`;
}
