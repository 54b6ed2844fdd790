import { describe, expect, it } from "vitest";
import {
  afterAttempt,
  DISABLE_AFTER_FAILURES,
  DISABLE_AFTER_MS,
  type EndpointHealth,
} from "../../../shared/webhooks/health";

const healthy: EndpointHealth = { consecutiveFailures: 0, failingSince: null, lastSuccessAt: null };

describe("endpoint health", () => {
  it("counts failures in a row and resets on success", () => {
    let h = healthy;
    for (let i = 1; i < DISABLE_AFTER_FAILURES; i++) {
      const r = afterAttempt(h, "failed", 1000 + i);
      expect(r.disable).toBeNull();
      h = r.health;
    }
    expect(h).toMatchObject({ consecutiveFailures: DISABLE_AFTER_FAILURES - 1, failingSince: 1001 });
    expect(afterAttempt(h, "failed", 5000).disable).toMatch(/50 failed messages/);
    expect(afterAttempt(h, "delivered", 5000)).toEqual({
      health: { consecutiveFailures: 0, failingSince: null, lastSuccessAt: 5000 },
      disable: null,
    });
  });

  it("counts a message once however often it is retried", () => {
    let h = healthy;
    for (let attempt = 1; attempt <= 8; attempt++)
      h = afterAttempt(h, "failed", attempt, attempt === 1).health;
    expect(h.consecutiveFailures).toBe(1);
    h = afterAttempt(h, "failed", 9, true).health;
    expect(h.consecutiveFailures).toBe(2);
  });

  it("gives up after 5 days of failures, and at once on 410", () => {
    const failing = { ...healthy, consecutiveFailures: 3, failingSince: 0 };
    expect(afterAttempt(failing, "failed", DISABLE_AFTER_MS - 1).disable).toBeNull();
    expect(afterAttempt(failing, "failed", DISABLE_AFTER_MS).disable).toMatch(/5 days/);
    expect(afterAttempt(healthy, "gone", 1).disable).toMatch(/410/);
  });
});
