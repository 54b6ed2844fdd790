import { describe, expect, it } from "vitest";
import { type AlertInput, evaluateAlerts } from "../../../shared/alerts/evaluate";
import { alertEvent } from "../../../shared/alerts/events";
import { emptyWindow } from "../../../shared/alerts/success-window";
import type { ActiveAlert, AlertSnapshot, ObservedEvent } from "../../../shared/alerts/types";
import { type AlertRules, DEFAULT_ALERT_RULES } from "../../../shared/schemas/alerts";

const healthy: AlertSnapshot = {
  circuit: "closed",
  circuitFailureRate: 0.5,
  agents: [{ id: "agt_a", name: "alpha", status: "active" }],
  queued: 0,
  webhook: () => null,
};

/** A tenant's alerting over time: each step feeds events and the state after them. */
function tenant(rules: AlertRules = DEFAULT_ALERT_RULES) {
  let active: ActiveAlert[] = [];
  let window = emptyWindow(rules.successRate.windowMs);
  let n = 0;
  return {
    step(events: ObservedEvent[], now: number, snapshot: Partial<AlertSnapshot> = {}, r = rules) {
      const input: AlertInput = {
        rules: r,
        active,
        window,
        events,
        snapshot: { ...healthy, ...snapshot },
        now,
        newId: () => `alr_${++n}`,
      };
      const out = evaluateAlerts(input);
      active = out.active;
      window = out.window;
      return out.transitions;
    },
    get active() {
      return active;
    },
  };
}

const results = (successes: number, failures: number, failureOutcome = "failure"): ObservedEvent[] => [
  ...Array.from({ length: successes }, () => ({ type: "task.completed", data: { outcome: "success" } })),
  ...Array.from({ length: failures }, () => ({ type: "task.retried", data: { outcome: failureOutcome } })),
];

describe("successRate", () => {
  it("needs minResults in the window before a low rate fires", () => {
    const t = tenant();
    expect(t.step(results(0, 19), 1_000)).toEqual([]);
    const [fired] = t.step(results(0, 1), 2_000);
    expect(fired).toMatchObject({
      kind: "fired",
      severity: "warning",
      value: 0,
      threshold: 0.8,
      alert: { rule: "successRate", subject: null, firedAt: 2_000 },
    });
    expect(fired?.summary).toBe(
      "Success rate was 0% over the last 5 minutes (0 of 20 results), below the 80% threshold.",
    );
  });

  it("ignores rate-limited and rejected results: they say nothing about competence", () => {
    const t = tenant();
    expect(t.step(results(0, 50, "rate_limited"), 1_000)).toEqual([]);
    expect(t.step(results(0, 50, "rejected"), 1_000)).toEqual([]);
  });

  it("fires once while the rate stays low, and resolves when it recovers", () => {
    const t = tenant();
    expect(t.step(results(10, 15), 1_000).map((x) => x.kind)).toEqual(["fired"]);
    expect(t.step(results(0, 30), 20_000)).toEqual([]);
    // 10 + 70 successes of 125 is 64%: still low.
    expect(t.step(results(70, 0), 30_000)).toEqual([]);
    const [resolved] = t.step(results(100, 0), 40_000);
    expect(resolved).toMatchObject({ kind: "resolved", durationMs: 39_000, alert: { id: "alr_1" } });
    expect(resolved?.summary).toMatch(/^Success rate recovered to 8\d(\.\d)?% over the last 5 minutes/);
    expect(t.active).toEqual([]);
  });

  it("resolves as the failures slide out of the window, on a time-driven evaluation", () => {
    const rules = {
      ...DEFAULT_ALERT_RULES,
      successRate: { ...DEFAULT_ALERT_RULES.successRate, windowMs: 3000, minResults: 5 },
    };
    const t = tenant(rules);
    expect(t.step(results(0, 6), 1_000).map((x) => x.kind)).toEqual(["fired"]);
    expect(t.step(results(3, 0), 3_500)).toEqual([]); // 3 of 9
    // The failures' bucket [1000, 1100) has left the 3 s window at 4100: only the successes remain.
    const [resolved] = t.step([], 4_100);
    expect(resolved).toMatchObject({ kind: "resolved", value: 1 });
  });

  it("keeps firing on too few results to judge, and resolves once the window is empty", () => {
    const rules = {
      ...DEFAULT_ALERT_RULES,
      successRate: { ...DEFAULT_ALERT_RULES.successRate, windowMs: 60_000 },
    };
    const t = tenant(rules);
    t.step(results(0, 20), 0);
    expect(t.step(results(1, 2), 61_000)).toEqual([]); // 1 of 3 in the window: not proof it is over
    const [resolved] = t.step([], 125_000);
    expect(resolved?.summary).toBe("No task results in the last minute: nothing is failing now.");
  });
});

describe("circuitOpen", () => {
  it("fires (critical) when the circuit opens, stays one alert while half-open or re-opened, resolves on close", () => {
    const t = tenant();
    const [fired] = t.step(
      [{ type: "circuit.opened", data: { reason: "failure_rate", failureRate: 0.7, samples: 10 } }],
      1_000,
      { circuit: "open" },
    );
    expect(fired).toMatchObject({ kind: "fired", severity: "critical", value: 0.7, threshold: 0.5 });
    expect(fired?.summary).toMatch(/circuit breaker is open: 70% of recent results failed/);
    expect(t.step([{ type: "circuit.half_opened", data: {} }], 2_000, { circuit: "half_open" })).toEqual([]);
    expect(
      t.step([{ type: "circuit.opened", data: { reason: "probe_failed" } }], 3_000, { circuit: "open" }),
    ).toEqual([]);
    const [resolved] = t.step([{ type: "circuit.closed", data: {} }], 9_000);
    expect(resolved).toMatchObject({ kind: "resolved", durationMs: 8_000, alert: { rule: "circuitOpen" } });
  });
});

describe("noActiveAgent", () => {
  const suppressed = { agents: [{ id: "agt_a", name: "alpha", status: "suppressed" as const }] };

  it("fires when agents are registered and none is active, and resolves when one is", () => {
    const t = tenant();
    const [fired] = t.step([], 1_000, { ...suppressed, queued: 3 });
    expect(fired).toMatchObject({ kind: "fired", severity: "critical", value: 0, threshold: 1 });
    expect(fired?.summary).toBe("No agent is active: 1 registered (1 suppressed), and 3 tasks are queued.");
    expect(t.step([], 2_000, suppressed)).toEqual([]);
    const [resolved] = t.step([], 5_000);
    expect(resolved).toMatchObject({ kind: "resolved", value: 1 });
    expect(resolved?.summary).toBe("1 of 1 agents active again (alpha).");
  });

  it("fires for queued tasks with no agent at all, and never for an empty tenant", () => {
    const t = tenant();
    expect(t.step([], 1_000, { agents: [], queued: 0 })).toEqual([]);
    const [fired] = t.step([], 2_000, { agents: [], queued: 1 });
    expect(fired?.summary).toBe("No agent is active: no agent is registered, and 1 task is queued.");
  });
});

describe("trustDrop", () => {
  const cycle = (number: number, before: Record<string, number>, after: Record<string, number>) => ({
    type: "cycle.completed",
    data: { number, trustBefore: before, trustAfter: after },
  });
  const agents = [
    { id: "agt_a", name: "alpha", status: "active" as const },
    { id: "agt_b", name: "beta", status: "active" as const },
  ];

  it("fires once per agent that lost more than the limit in a cycle, and resolves at the next close it held", () => {
    const t = tenant();
    const fired = t.step([cycle(1, { agt_a: 0.7, agt_b: 0.7 }, { agt_a: 0.45, agt_b: 0.55 })], 1_000, {
      agents,
    });
    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatchObject({
      kind: "fired",
      alert: { rule: "trustDrop", subject: "agt_a" },
      threshold: 0.2,
    });
    expect(fired[0]?.value).toBeCloseTo(0.25);
    expect(fired[0]?.summary).toBe(
      "Trust of agent alpha fell from 0.7 to 0.45 within cycle 1, more than the 0.2 limit.",
    );
    // Another drop while firing is the same alert.
    expect(t.step([cycle(2, { agt_a: 0.45 }, { agt_a: 0.2 })], 2_000, { agents })).toEqual([]);
    const [resolved] = t.step([cycle(3, { agt_a: 0.2, agt_b: 0.55 }, { agt_a: 0.25, agt_b: 0.56 })], 3_000, {
      agents,
    });
    expect(resolved).toMatchObject({ kind: "resolved", alert: { subject: "agt_a" }, durationMs: 2_000 });
    expect(resolved?.summary).toBe("Trust of agent alpha held within the limit in cycle 3 (0.2 to 0.25).");
  });

  it("does not fire on a drop exactly at the limit, and fires and resolves within one batch of two cycles", () => {
    const t = tenant();
    expect(t.step([cycle(1, { agt_a: 0.7 }, { agt_a: 0.5 })], 1_000, { agents })).toEqual([]);
    const both = t.step(
      [cycle(2, { agt_a: 0.7 }, { agt_a: 0.3 }), cycle(3, { agt_a: 0.3 }, { agt_a: 0.31 })],
      2_000,
      { agents },
    );
    expect(both.map((x) => [x.kind, x.alert.id])).toEqual([
      ["fired", "alr_1"],
      ["resolved", "alr_1"],
    ]);
  });

  it("resolves the alert of an agent that is gone at the next close", () => {
    const t = tenant();
    t.step([cycle(1, { agt_a: 0.9 }, { agt_a: 0.3 })], 1_000, { agents });
    const [resolved] = t.step([cycle(2, {}, {})], 2_000, { agents: [] });
    expect(resolved?.summary).toBe("Agent agt_a is no longer registered.");
  });
});

describe("webhookDisabled", () => {
  const disabled = {
    type: "webhook.disabled",
    data: { webhookId: "whk_1", url: "https://x.test/h", reason: "answered 410 Gone" },
  };

  it("fires per endpoint on webhook.disabled, and resolves when it is enabled again or deleted", () => {
    const t = tenant();
    const off = { url: "https://x.test/h", enabled: false };
    const [fired] = t.step([disabled], 1_000, { webhook: (id) => (id === "whk_1" ? off : null) });
    expect(fired).toMatchObject({
      kind: "fired",
      severity: "warning",
      alert: { rule: "webhookDisabled", subject: "whk_1" },
    });
    expect(fired?.summary).toBe(
      "Webhook endpoint https://x.test/h was disabled: answered 410 Gone. It receives no events until it is enabled again.",
    );
    expect(t.step([disabled], 1_500, { webhook: () => off })).toEqual([]);
    const [resolved] = t.step([], 2_000, { webhook: () => ({ ...off, enabled: true }) });
    expect(resolved?.summary).toBe("Webhook endpoint https://x.test/h was enabled again.");

    t.step([disabled], 3_000, { webhook: () => off });
    const [deleted] = t.step([], 4_000, { webhook: () => null });
    expect(deleted?.summary).toBe("The webhook endpoint was deleted.");
  });
});

describe("rules", () => {
  it("switching a rule off resolves its open alerts and keeps it quiet", () => {
    const t = tenant();
    t.step([], 1_000, { circuit: "open" });
    const off = { ...DEFAULT_ALERT_RULES, circuitOpen: { enabled: false } };
    const [resolved] = t.step([], 2_000, { circuit: "open" }, off);
    expect(resolved).toMatchObject({ kind: "resolved", summary: "The circuit open rule was switched off." });
    expect(t.step([], 3_000, { circuit: "open" }, off)).toEqual([]);
  });
});

describe("alert events", () => {
  it("carry the alert id, rule, subject, severity, summary, value and threshold; resolved adds durationMs", () => {
    const t = tenant();
    const agents = [{ id: "agt_a", name: "alpha", status: "active" as const }];
    const [fired] = t.step(
      [
        {
          type: "cycle.completed",
          data: { number: 1, trustBefore: { agt_a: 0.8 }, trustAfter: { agt_a: 0.5 } },
        },
      ],
      1_000,
      { agents },
    );
    if (!fired) throw new Error("no alert");
    const e = alertEvent(fired);
    expect(e).toMatchObject({
      type: "alert.fired",
      agentId: "agt_a",
      data: { alertId: "alr_1", rule: "trustDrop", subject: "agt_a", severity: "warning", threshold: 0.2 },
    });
    expect(e.data).not.toHaveProperty("durationMs");
    const [resolved] = t.step(
      [
        {
          type: "cycle.completed",
          data: { number: 2, trustBefore: { agt_a: 0.5 }, trustAfter: { agt_a: 0.5 } },
        },
      ],
      6_000,
      { agents },
    );
    if (!resolved) throw new Error("not resolved");
    expect(alertEvent(resolved)).toMatchObject({
      type: "alert.resolved",
      agentId: "agt_a",
      data: { alertId: "alr_1", durationMs: 5_000 },
    });
    const [tenantWide] = t.step([], 7_000, { circuit: "open" });
    if (!tenantWide) throw new Error("no alert");
    expect(alertEvent(tenantWide)).not.toHaveProperty("agentId");
  });
});
