import { describe, expect, it } from "vitest";
import { isSubscriptionPattern, matchesSubscription } from "../../../shared/webhooks/subscriptions";

describe("webhook subscriptions", () => {
  it("accepts known types, known families and *", () => {
    for (const p of ["*", "task.*", "agent.suppressed", "webhook.disabled"])
      expect(isSubscriptionPattern(p), p).toBe(true);
    for (const p of ["tsak.*", "task.", "task.done", "**", ""])
      expect(isSubscriptionPattern(p), p).toBe(false);
  });

  it("matches exactly, by family, or everything", () => {
    expect(matchesSubscription(["*"], "cycle.completed")).toBe(true);
    expect(matchesSubscription(["task.*"], "task.failed")).toBe(true);
    expect(matchesSubscription(["task.*"], "trust.updated")).toBe(false);
    expect(matchesSubscription(["agent.excluded"], "agent.excluded")).toBe(true);
    expect(matchesSubscription(["agent.excluded"], "agent.suppressed")).toBe(false);
  });
});
