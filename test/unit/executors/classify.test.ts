import { describe, expect, it } from "vitest";
import {
  agentRejection,
  classifyError,
  classifyResponse,
  DEFAULT_RETRY_AFTER_MS,
  MAX_REJECTION_REASON_CHARS,
  MAX_RETRY_AFTER_MS,
  parseRetryAfter,
} from "../../../worker/executors/classify";
import { caseName, RESPONSE_CASES } from "./conformance";

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);

describe("classifyResponse: conformance table", () => {
  it.each(RESPONSE_CASES.map((c) => [caseName(c), c] as const))("%s", (_name, c) => {
    const result = classifyResponse(c.status, c.retryAfter ?? null, NOW);
    expect(result.outcome).toBe(c.outcome);
    expect(result.retryAfterMs).toBe(c.retryAfterMs);
    expect(result.reason).toBe(c.reason);
    expect(result.detail).toBe(`HTTP ${c.status}`);
  });
});

describe("classifyResponse: Retry-After as an HTTP-date", () => {
  it("is the time until that date", () => {
    const in42s = new Date(NOW + 42_000).toUTCString();
    expect(classifyResponse(429, in42s, NOW)).toEqual({
      outcome: "rate_limited",
      retryAfterMs: 42_000,
      detail: "HTTP 429",
    });
  });

  it("accepts the IMF-fixdate example of RFC 9110", () => {
    const now = Date.UTC(1999, 11, 31, 23, 58, 0);
    expect(classifyResponse(429, "Fri, 31 Dec 1999 23:59:59 GMT", now).retryAfterMs).toBe(119_000);
  });

  it("a date in the past means retry now", () => {
    expect(classifyResponse(429, new Date(NOW - 5_000).toUTCString(), NOW).retryAfterMs).toBe(0);
  });

  it("a date far ahead is capped at 10 minutes", () => {
    expect(classifyResponse(429, new Date(NOW + 3_600_000).toUTCString(), NOW).retryAfterMs).toBe(600_000);
  });
});

describe("parseRetryAfter", () => {
  it.each([
    [null, DEFAULT_RETRY_AFTER_MS],
    [undefined, DEFAULT_RETRY_AFTER_MS],
    ["", DEFAULT_RETRY_AFTER_MS],
    ["   ", DEFAULT_RETRY_AFTER_MS],
    [" 7 ", 7_000],
    ["600", MAX_RETRY_AFTER_MS],
    ["601", MAX_RETRY_AFTER_MS],
    ["-1", DEFAULT_RETRY_AFTER_MS],
    ["1.5", DEFAULT_RETRY_AFTER_MS],
    ["99999999999999999999999999", MAX_RETRY_AFTER_MS],
    ["not a date", DEFAULT_RETRY_AFTER_MS],
  ])("%j → %d ms", (header, expected) => {
    expect(parseRetryAfter(header, NOW)).toBe(expected);
  });
});

describe("classifyResponse: other statuses", () => {
  it.each([100, 301, 304, 600])("%d is a failure", (status) => {
    expect(classifyResponse(status, null, NOW)).toMatchObject({
      outcome: "failure",
      reason: `http_${status}`,
    });
  });

  it("ignores Retry-After outside 429", () => {
    expect(classifyResponse(503, "5", NOW)).toEqual({
      outcome: "failure",
      reason: "http_503",
      detail: "HTTP 503",
    });
  });
});

describe("classifyError", () => {
  const cases: [string, unknown, string][] = [
    ["a network error (TypeError)", new TypeError("fetch failed"), "failure"],
    [
      "a connection refused",
      Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }),
      "failure",
    ],
    ["an AbortError DOMException", new DOMException("aborted", "AbortError"), "timeout"],
    ["a TimeoutError DOMException", new DOMException("timed out", "TimeoutError"), "timeout"],
    ["an Error named AbortError", Object.assign(new Error("aborted"), { name: "AbortError" }), "timeout"],
    ["a plain object named TimeoutError", { name: "TimeoutError" }, "timeout"],
    ["a string", "boom", "failure"],
    ["null", null, "failure"],
    ["undefined", undefined, "failure"],
    ["an object with a non-string name", { name: 42 }, "failure"],
  ];

  it.each(cases)("%s → %s", (_name, err, outcome) => {
    const result = classifyError(err);
    expect(result.outcome).toBe(outcome);
    expect(result.detail).toBe(outcome === "timeout" ? "timeout" : "network error");
    expect(result.reason).toBe(outcome === "timeout" ? undefined : "network_error");
    expect(result.retryAfterMs).toBeUndefined();
  });

  it("a real AbortSignal.timeout reason is a timeout", async () => {
    const signal = AbortSignal.timeout(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(classifyError(signal.reason).outcome).toBe("timeout");
  });
});

describe("parseRetryAfter: the three HTTP-date formats", () => {
  const now = Date.UTC(1994, 10, 6, 8, 49, 0);
  it.each(["Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994"])(
    "%s",
    (header) => {
      expect(parseRetryAfter(header, now)).toBe(37_000);
    },
  );
});

describe("classifyResponse: the agent refuses a task on purpose", () => {
  const refusal = (reason: unknown) => JSON.stringify({ outcome: "rejected", reason });

  it.each([200, 202, 400, 409, 422])(
    "with %d: rejected, reason agent_rejected, detail its reason",
    (status) => {
      expect(classifyResponse(status, null, NOW, refusal("  outside my remit\n"))).toEqual({
        outcome: "rejected",
        reason: "agent_rejected",
        detail: "outside my remit",
      });
    },
  );

  it.each([429, 500, 503])("with %d the status wins: a refusal body does not excuse it", (status) => {
    const result = classifyResponse(status, null, NOW, refusal("no"));
    expect(result.reason).not.toBe("agent_rejected");
    expect(result.outcome).toBe(status === 429 ? "rate_limited" : "failure");
  });

  it("a 2xx with any other JSON is a success", () => {
    for (const body of [
      '{"outcome":"success"}',
      '{"rejected":true}',
      '"rejected"',
      "[]",
      "null",
      "not json",
      "",
    ]) {
      expect(classifyResponse(200, null, NOW, body)).toEqual({ outcome: "success", detail: "HTTP 200" });
    }
  });

  it("a 4xx with any other body stays a plain rejection by status", () => {
    expect(classifyResponse(404, null, NOW, '{"error":"rejected"}')).toEqual({
      outcome: "rejected",
      reason: "http_404",
      detail: "HTTP 404",
    });
  });
});

describe("agentRejection", () => {
  it("trims the reason and keeps at most 200 characters of it", () => {
    const long = `  ${"é".repeat(150)}${"x".repeat(150)}  `;
    const reason = agentRejection(JSON.stringify({ outcome: "rejected", reason: long }));
    expect(reason).toBe(`${"é".repeat(150)}${"x".repeat(50)}`);
    expect(Array.from(reason ?? "")).toHaveLength(MAX_REJECTION_REASON_CHARS);
  });

  it("never cuts an astral character in half", () => {
    const reason = agentRejection(JSON.stringify({ outcome: "rejected", reason: "🙅".repeat(250) }));
    expect(reason).toBe("🙅".repeat(200));
  });

  it.each([
    ["no reason", { outcome: "rejected" }, ""],
    ["a blank reason", { outcome: "rejected", reason: "   " }, ""],
    ["a reason that is not a string", { outcome: "rejected", reason: { code: 7 } }, ""],
  ])("%s → an empty reason (still a refusal)", (_name, body, expected) => {
    expect(agentRejection(JSON.stringify(body))).toBe(expected);
  });

  it("an empty reason gets a generic detail", () => {
    expect(classifyResponse(200, null, NOW, '{"outcome":"rejected"}')).toEqual({
      outcome: "rejected",
      reason: "agent_rejected",
      detail: "rejected by the agent",
    });
  });

  it.each([null, "", "{", "[]", '{"outcome":"Rejected"}', '{"status":"rejected"}', '["rejected"]'])(
    "%j is not a refusal",
    (body) => {
      expect(agentRejection(body)).toBeNull();
    },
  );
});
