import { afterEach, describe, expect, it, vi } from "vitest";
import { errorMessage, log } from "../../../shared/log";
import { REDACTED, redact } from "../../../shared/log-redact";

const API_KEY = "wk_live_9f8e7d6c5b4a39281706f5e4d3c2b1a0";
const WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const JWT = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1c3JfMDEifQ.c2lnbmF0dXJlLWJ5dGVz";
const PROVIDER_KEY = "sk-proj-a1b2c3d4e5f6g7h8";

/** Captures what `log` writes, one parsed JSON object per line. */
function captured(): { lines: () => Record<string, unknown>[]; raw: () => string } {
  const out: string[] = [];
  for (const method of ["log", "warn", "error"] as const)
    vi.spyOn(console, method).mockImplementation((line: unknown) => {
      out.push(String(line));
    });
  return { lines: () => out.map((l) => JSON.parse(l) as Record<string, unknown>), raw: () => out.join("\n") };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("log redaction", () => {
  it("writes one JSON object per line with level, message and time", () => {
    const c = captured();
    log("info", "request", { status: 200, route: "/api/v1/tasks/:id" });
    const [line] = c.lines();
    expect(line).toMatchObject({
      level: "info",
      message: "request",
      status: 200,
      route: "/api/v1/tasks/:id",
    });
    expect(Number.isNaN(Date.parse(String(line?.time)))).toBe(false);
  });

  it("hides fields named for secrets, at any depth and in any case", () => {
    const c = captured();
    log("warn", "login", {
      password: "hunter2-correct-horse",
      user: {
        email: "ana@example.com",
        newPassword: "s3cret-pass",
        api_key: "abc",
        sessions: [{ refreshToken: "rt-1" }],
      },
      headers: { Authorization: "Basic dXNlcjpwYXNz", Cookie: "sid=abc", "x-request-id": "req_1" },
      clientSecret: "oidc-client-secret",
      signingSecrets: ["a", "b"],
      apiKeyConfigured: true,
      promptTokens: 120,
    });
    const raw = c.raw();
    for (const secret of [
      "hunter2-correct-horse",
      "s3cret-pass",
      "rt-1",
      "dXNlcjpwYXNz",
      "sid=abc",
      "oidc-client-secret",
    ])
      expect(raw).not.toContain(secret);
    const [line] = c.lines();
    expect(line).toMatchObject({
      password: REDACTED,
      user: {
        email: "ana@example.com",
        newPassword: REDACTED,
        api_key: REDACTED,
        sessions: [{ refreshToken: REDACTED }],
      },
      headers: { Authorization: REDACTED, Cookie: REDACTED, "x-request-id": "req_1" },
      clientSecret: REDACTED,
      // Flags and counts about secrets are not secrets.
      apiKeyConfigured: true,
      promptTokens: 120,
    });
  });

  it("hides secret-looking values wherever they appear, including in messages and errors", () => {
    const c = captured();
    log("error", `upstream refused ${API_KEY}`, {
      error: errorMessage(new Error(`401 for Bearer ${JWT} using ${PROVIDER_KEY}`)),
      detail: `secret was ${WEBHOOK_SECRET}`,
      list: [API_KEY],
    });
    const raw = c.raw();
    for (const secret of [API_KEY, WEBHOOK_SECRET, JWT, PROVIDER_KEY]) expect(raw).not.toContain(secret);
    const [line] = c.lines();
    expect(line?.message).toBe(`upstream refused ${REDACTED}`);
    expect(line?.detail).toBe(`secret was ${REDACTED}`);
    expect(String(line?.error)).toContain("Error: 401 for");
  });

  it("keeps ordinary values and never mutates the caller's object", () => {
    const fields = { token: "t-1", tenantId: "ten_01", durationMs: 12, ok: null };
    expect(redact(fields)).toEqual({ token: REDACTED, tenantId: "ten_01", durationMs: 12, ok: null });
    expect(fields.token).toBe("t-1");
  });
});
