import { describe, expect, it } from "vitest";
import { alerts } from "../../../dashboard/app/components/overview/derive-alerts";
import type { EventEnvelope, GovState, RuleAlert } from "../../../dashboard/app/components/overview/types";

/** The overview's banner: rule alerts (decision 019) join the circuit and agent conditions, live. */

const state: GovState = {
  threshold: 0.6,
  circuit: { state: "closed", reopenAt: null, cooldownMs: 30_000 },
  cycle: { id: "cyc_1", number: 1, startedAt: 0, results: 0 },
  agents: [{ id: "agt_1", name: "summarizer-1", trust: 0.4, status: "active" }],
  tasks: { queued: 0, assigned: 0, succeeded: 0, failed: 0, cancelled: 0 },
  lastSeq: 10,
};

const firing: RuleAlert = {
  id: "alr_1",
  rule: "successRate",
  subject: null,
  severity: "warning",
  summary: "Success rate was 45% over the last 5 minutes (9 of 20 results), below the 80% threshold.",
  firedAt: "2026-11-22T10:00:00.000Z",
};

let seq = 10;
function event(type: string, data: Record<string, unknown>): EventEnvelope {
  seq += 1;
  return { id: `evt_${seq}`, seq, type, time: "2026-11-22T10:05:00.000Z", version: 1, data } as EventEnvelope;
}

describe("overview alert banner", () => {
  it("shows the rule alerts firing when the page loaded, with a link to where to look", () => {
    const [shown] = alerts(state, [], [], [], [firing]);
    expect(shown).toMatchObject({ tone: "warn", text: firing.summary, link: { to: "/analytics" } });
  });

  it("adds alerts as they fire and removes them as they resolve, without a reload", () => {
    const webhook = {
      alertId: "alr_2",
      rule: "webhookDisabled",
      subject: "whk_9",
      severity: "warning",
      summary: "Webhook endpoint https://hooks.acme.example was disabled: it answered 410 Gone.",
    };
    const fired = event("alert.fired", webhook);
    const afterFire = alerts(state, [], [], [fired], [firing]);
    expect(afterFire.map((a) => a.text)).toEqual([firing.summary, webhook.summary]);
    expect(afterFire[1]?.link).toEqual({ to: "/settings/webhooks/whk_9", label: "Webhook endpoint" });

    const resolved = event("alert.resolved", { ...webhook, resolution: "The endpoint was enabled again." });
    const successBack = event("alert.resolved", { alertId: "alr_1", rule: "successRate", subject: null });
    expect(alerts(state, [], [], [fired, resolved], [firing]).map((a) => a.text)).toEqual([firing.summary]);
    expect(alerts(state, [], [], [fired, resolved, successBack], [firing])).toEqual([]);
  });

  it("marks critical alerts as bad, and leaves the circuit to the circuit's own, richer slot", () => {
    const noAgent = event("alert.fired", {
      alertId: "alr_3",
      rule: "noActiveAgent",
      subject: null,
      severity: "critical",
      summary: "No agent is active: 3 tasks are waiting.",
    });
    const circuit = event("alert.fired", {
      alertId: "alr_4",
      rule: "circuitOpen",
      subject: null,
      severity: "critical",
      summary: "The circuit breaker is open.",
    });
    const shown = alerts(state, [], [], [noAgent, circuit]);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ tone: "bad", link: { to: "/agents" } });
  });
});
