import { describe, expect, it } from "vitest";
import { api, createAgent, createTenant, type Problem, waitFor } from "../helpers/api";
import { configureReceiver, createWebhook, type WebhookBody, waitForReceived } from "../helpers/webhooks";

/**
 * Each alert rule fires and resolves on a scripted scenario through the real Worker, hub and
 * queues, with simulated agents; timings are shortened through the governance config and the
 * rules' own parameters.
 */

interface AlertEvent {
  seq: number;
  type: "alert.fired" | "alert.resolved";
  agentId?: string;
  data: {
    alertId: string;
    rule: string;
    subject: string | null;
    severity: string;
    summary: string;
    value: number | null;
    threshold: number | null;
    durationMs?: number;
  };
}

interface AlertBody {
  id: string;
  rule: string;
  subject: string | null;
  severity: string;
  state: "firing" | "resolved";
  summary: string;
  resolution: string | null;
  firedAt: string;
  resolvedAt: string | null;
  durationMs: number | null;
}

const FAILING = { successRate: 0, latencyMs: 1, seed: 7 };
const GOOD = { successRate: 1, latencyMs: 1, seed: 3 };

async function alertEvents(key: string): Promise<AlertEvent[]> {
  const res = await api<{ events: AlertEvent[] }>("/api/v1/events?types=alert.*&limit=1000", { key });
  expect(res.status).toBe(200);
  return res.body.events;
}

/** Waits for the alert of `rule` (and `subject`, when given) to reach `type`; returns that event. */
function waitForAlert(key: string, type: AlertEvent["type"], rule: string, subject?: string) {
  return waitFor(
    async () =>
      (await alertEvents(key)).find(
        (e) =>
          e.type === type && e.data.rule === rule && (subject === undefined || e.data.subject === subject),
      ),
    { what: `${type} for ${rule}` },
  );
}

async function listAlerts(key: string, query = ""): Promise<AlertBody[]> {
  const res = await api<{ alerts: AlertBody[]; nextCursor: string | null }>(`/api/v1/alerts${query}`, {
    key,
  });
  expect(res.status).toBe(200);
  return res.body.alerts;
}

async function patch(key: string, path: string, body: unknown): Promise<void> {
  const res = await api(path, { key, method: "PATCH", body });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

async function submit(key: string, count: number, capability = "general"): Promise<void> {
  const tasks = Array.from({ length: count }, () => ({
    impact: 0.5,
    urgency: 0.5,
    risk: 0,
    capabilities: [capability],
    maxAttempts: 1,
  }));
  const res = await api("/api/v1/tasks/batch", { key, body: { tasks } });
  expect(res.status).toBe(202);
}

/** Fired once, resolved once, with the same id, in that order. */
function expectOneLifecycle(events: AlertEvent[], rule: string, subject: string | null = null) {
  const mine = events.filter((e) => e.data.rule === rule && e.data.subject === subject);
  expect(mine.map((e) => e.type)).toEqual(["alert.fired", "alert.resolved"]);
  const [fired, resolved] = mine;
  expect(resolved?.data.alertId).toBe(fired?.data.alertId);
  expect(resolved?.seq).toBeGreaterThan(fired?.seq ?? 0);
  expect(resolved?.data.durationMs).toBeGreaterThanOrEqual(0);
  return { fired: fired as AlertEvent, resolved: resolved as AlertEvent };
}

describe("alert rules on a live tenant", () => {
  it("successRate fires on a run of failures and resolves when good results replace them in the window", async () => {
    const { key } = await createTenant("Alerts Success Rate");
    // Neither suppression nor the circuit breaker may stop the failing agent: only the rate is under test.
    await patch(key, "/api/v1/governance/config", {
      suppressionThreshold: 0,
      circuitWindow: 1000,
      circuitMinSamples: 1000,
    });
    await patch(key, "/api/v1/alerts/rules", { successRate: { windowMs: 4000, minResults: 5 } });
    const broken = await createAgent(key, { name: "broken", simulation: FAILING });
    await submit(key, 6);

    const fired = await waitForAlert(key, "alert.fired", "successRate");
    expect(fired.data).toMatchObject({ severity: "warning", threshold: 0.8, value: 0, subject: null });
    expect(fired.data.summary).toMatch(/^Success rate was 0% over the last 4 seconds \(0 of \d+ results\)/);
    expect(await listAlerts(key, "?state=firing")).toMatchObject([
      { id: fired.data.alertId, rule: "successRate", state: "firing", resolvedAt: null },
    ]);

    expect((await api(`/api/v1/agents/${broken}`, { key, method: "DELETE" })).status).toBe(204);
    await createAgent(key, { name: "steady", simulation: GOOD });
    await submit(key, 6);

    // The hub's alarm slides the window: the failures leave it and only successes remain.
    const resolved = await waitForAlert(key, "alert.resolved", "successRate");
    expect(resolved.data.alertId).toBe(fired.data.alertId);
    expect(resolved.data.summary).toMatch(/^Success rate recovered to 100%/);
    expectOneLifecycle(await alertEvents(key), "successRate");
    const [listed] = await listAlerts(key, "?state=resolved");
    expect(listed).toMatchObject({ id: fired.data.alertId, state: "resolved" });
    expect(listed?.resolution).toBe(resolved.data.summary);
    expect(listed?.durationMs).toBe(resolved.data.durationMs);
  });

  it("circuitOpen fires when the breaker opens and resolves when its probes close it", async () => {
    const { key } = await createTenant("Alerts Circuit");
    await patch(key, "/api/v1/governance/config", {
      circuitWindow: 4,
      circuitMinSamples: 4,
      circuitCooldownMs: 300,
    });
    const outage = await createAgent(key, { name: "outage", simulation: FAILING });
    await submit(key, 4);

    const fired = await waitForAlert(key, "alert.fired", "circuitOpen");
    expect(fired.data.severity).toBe("critical");
    expect(fired.data.summary).toMatch(
      /^The circuit breaker is open: .*No new tasks are assigned until it closes\.$/,
    );

    // The upstream recovers: a healthy agent serves the half-open probes.
    await createAgent(key, { name: "recovered", simulation: GOOD });
    expect((await api(`/api/v1/agents/${outage}`, { key, method: "DELETE" })).status).toBe(204);
    await submit(key, 4);
    const resolved = await waitForAlert(key, "alert.resolved", "circuitOpen");
    expect(resolved.data.summary).toMatch(/circuit breaker closed/);
    const { fired: first } = expectOneLifecycle(await alertEvents(key), "circuitOpen");
    expect(first.data.alertId).toBe(fired.data.alertId);
    const state = await api<{ circuit: { state: string } }>("/api/v1/governance/state", { key });
    expect(state.body.circuit.state).toBe("closed");
  });

  it("noActiveAgent fires when the only agent is suppressed and resolves when it is reinstated", async () => {
    const { key } = await createTenant("Alerts No Agent");
    const only = await createAgent(key, { name: "only", simulation: GOOD });
    expect(await listAlerts(key)).toEqual([]);

    const suppressed = await api(`/api/v1/agents/${only}/suppress`, { key, body: { reason: "maintenance" } });
    expect(suppressed.status).toBe(200);
    const fired = await waitForAlert(key, "alert.fired", "noActiveAgent");
    expect(fired.data).toMatchObject({ severity: "critical", value: 0, threshold: 1 });
    expect(fired.data.summary).toBe(
      "No agent is active: 1 registered (1 suppressed), and 0 tasks are queued.",
    );

    const reinstated = await api(`/api/v1/agents/${only}/reinstate`, { key, body: { reason: "back" } });
    expect(reinstated.status).toBe(200);
    const resolved = await waitForAlert(key, "alert.resolved", "noActiveAgent");
    expect(resolved.data.summary).toBe("1 of 1 agents active again (only).");
    expectOneLifecycle(await alertEvents(key), "noActiveAgent");
  });

  it("trustDrop fires for the agent whose trust fell within a cycle and resolves at the next close it held", async () => {
    const { key } = await createTenant("Alerts Trust Drop");
    await patch(key, "/api/v1/governance/config", { cycleMaxResults: 2 });
    // Two failures cost 0.5 → 0.36: more than 0.1, and not yet low enough to suppress.
    await patch(key, "/api/v1/alerts/rules", { trustDrop: { threshold: 0.1 } });
    const slipping = await createAgent(key, { name: "slipping", simulation: FAILING });
    await createAgent(key, { name: "steady", capabilities: ["other"], simulation: GOOD });
    await submit(key, 2, "general");

    const fired = await waitForAlert(key, "alert.fired", "trustDrop");
    expect(fired).toMatchObject({
      agentId: slipping,
      data: { subject: slipping, severity: "warning", threshold: 0.1 },
    });
    expect(fired.data.value).toBeCloseTo(0.5 - 0.5 * 0.85 * 0.85, 6);
    expect(fired.data.summary).toMatch(/^Trust of agent slipping fell from 0\.5 to 0\.361 within cycle \d+/);
    // The envelope names the agent, so the agent's own event filter finds it.
    const byAgent = await api<{ events: AlertEvent[] }>(`/api/v1/events?types=alert.fired&limit=100`, {
      key,
    });
    expect(byAgent.body.events.every((e) => e.agentId === slipping)).toBe(true);

    // The next cycle's results come from the other agent: slipping's trust holds.
    await submit(key, 2, "other");
    const resolved = await waitForAlert(key, "alert.resolved", "trustDrop", slipping);
    expect(resolved.agentId).toBe(slipping);
    expect(resolved.data.summary).toMatch(/^Trust of agent slipping held within the limit in cycle \d+/);
    expectOneLifecycle(await alertEvents(key), "trustDrop", slipping);
  });

  it("webhookDisabled fires when an endpoint is disabled and resolves when it is enabled again; alert events reach webhooks", async () => {
    const { key } = await createTenant("Alerts Webhook");
    const sink = await createWebhook(key, "alert-sink", ["alert.*"]);
    await configureReceiver("alert-sink", [sink.secret]);
    const gone = await createWebhook(key, "alert-gone", ["webhook.test"]);
    await configureReceiver("alert-gone", [gone.secret], [410]);
    await api(`/api/v1/webhooks/${gone.id}/test`, { key, body: {} });

    const fired = await waitForAlert(key, "alert.fired", "webhookDisabled", gone.id);
    expect(fired.data.summary).toMatch(/was disabled: .*410/);
    const [firing] = await listAlerts(key, "?state=firing");
    expect(firing).toMatchObject({ rule: "webhookDisabled", subject: gone.id, state: "firing" });

    await configureReceiver("alert-gone", [gone.secret]);
    const enabled = await api<WebhookBody>(`/api/v1/webhooks/${gone.id}`, {
      key,
      method: "PATCH",
      body: { enabled: true },
    });
    expect(enabled.status).toBe(200);
    const resolved = await waitForAlert(key, "alert.resolved", "webhookDisabled", gone.id);
    expect(resolved.data.summary).toMatch(/was enabled again\.$/);
    expectOneLifecycle(await alertEvents(key), "webhookDisabled", gone.id);

    // Both transitions went out to the endpoint subscribed to alerts, signed like any event.
    const delivered = await waitForReceived("alert-sink", 2);
    expect(delivered.map((d) => JSON.parse(d.body).type)).toEqual(["alert.fired", "alert.resolved"]);
    expect(delivered.map((d) => JSON.parse(d.body).data.alertId)).toEqual([
      fired.data.alertId,
      fired.data.alertId,
    ]);
  });
});

describe("GET /alerts and the rules", () => {
  it("lists alerts newest first with cursor pages and a state filter; another tenant sees none of them", async () => {
    const a = await createTenant("Alerts Lister");
    const b = await createTenant("Alerts Neighbour");
    const one = await createAgent(a.key, { name: "one", simulation: GOOD });
    // Suppress and reinstate twice: two resolved noActiveAgent alerts.
    for (let i = 1; i <= 2; i++) {
      await api(`/api/v1/agents/${one}/suppress`, { key: a.key, body: { reason: "drill" } });
      await waitFor(async () => ((await listAlerts(a.key, "?state=firing")).length ? true : undefined));
      await api(`/api/v1/agents/${one}/reinstate`, { key: a.key, body: { reason: "drill over" } });
      await waitFor(async () => ((await listAlerts(a.key, "?state=firing")).length ? undefined : true));
    }
    const all = await listAlerts(a.key);
    expect(all).toHaveLength(2);
    expect(all.every((x) => x.state === "resolved" && x.rule === "noActiveAgent")).toBe(true);
    expect((all[0]?.firedAt ?? "") >= (all[1]?.firedAt ?? "")).toBe(true);

    const first = await api<{ alerts: AlertBody[]; nextCursor: string | null }>("/api/v1/alerts?limit=1", {
      key: a.key,
    });
    expect(first.body.alerts.map((x) => x.id)).toEqual([all[0]?.id]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await api<{ alerts: AlertBody[]; nextCursor: string | null }>(
      `/api/v1/alerts?limit=1&cursor=${first.body.nextCursor}`,
      { key: a.key },
    );
    expect(second.body).toEqual({ alerts: [all[1]], nextCursor: null });
    expect(await listAlerts(a.key, "?state=firing")).toEqual([]);

    expect(await listAlerts(b.key)).toEqual([]);
    expect(await alertEvents(b.key)).toEqual([]);
    // A cursor from tenant A reads tenant B's own (empty) list, never A's rows.
    const crossed = await api<{ alerts: AlertBody[] }>(`/api/v1/alerts?cursor=${first.body.nextCursor}`, {
      key: b.key,
    });
    expect(crossed.body.alerts).toEqual([]);

    const bad = await api<Problem>("/api/v1/alerts?state=open&limit=500", { key: a.key });
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.map((e) => e.field).sort()).toEqual(["limit", "state"]);
  });

  it("reads defaults, applies a partial PATCH, audits it, and refuses bad fields by name", async () => {
    const { key } = await createTenant("Alerts Rules");
    const defaults = await api<Record<string, Record<string, unknown>>>("/api/v1/alerts/rules", { key });
    expect(defaults.body).toEqual({
      successRate: { enabled: true, threshold: 0.8, windowMs: 300_000, minResults: 20 },
      circuitOpen: { enabled: true },
      noActiveAgent: { enabled: true },
      trustDrop: { enabled: true, threshold: 0.2 },
      webhookDisabled: { enabled: true },
    });

    const changed = await api<Record<string, Record<string, unknown>>>("/api/v1/alerts/rules", {
      key,
      method: "PATCH",
      body: { successRate: { threshold: 0.9 }, trustDrop: { enabled: false } },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.successRate).toEqual({
      enabled: true,
      threshold: 0.9,
      windowMs: 300_000,
      minResults: 20,
    });
    expect(changed.body.trustDrop).toEqual({ enabled: false, threshold: 0.2 });
    expect((await api("/api/v1/alerts/rules", { key })).body).toEqual(changed.body);

    const audit = await api<{ entries: { action: string; before: unknown; after: unknown }[] }>(
      "/api/v1/audit?action=alerts.rules.change",
      { key },
    );
    expect(audit.body.entries).toHaveLength(1);
    const rules = (v: unknown) =>
      (typeof v === "string" ? JSON.parse(v) : v) as { successRate: { threshold: number } };
    expect(rules(audit.body.entries[0]?.before).successRate.threshold).toBe(0.8);
    expect(rules(audit.body.entries[0]?.after).successRate.threshold).toBe(0.9);

    for (const [body, field] of [
      [{ successRate: { threshold: 1.5 } }, "successRate.threshold"],
      [{ successRate: { windowMs: 10 } }, "successRate.windowMs"],
      [{ trustDrop: { treshold: 0.3 } }, "trustDrop.treshold"],
      [{ latency: { enabled: true } }, "latency"],
      [{ circuitOpen: { enabled: "yes" } }, "circuitOpen.enabled"],
    ] as const) {
      const res = await api<Problem>("/api/v1/alerts/rules", { key, method: "PATCH", body });
      expect(res.status, field).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(res.body.errors?.map((e) => e.field)).toEqual([field]);
    }
    // Refused patches change nothing.
    expect((await api("/api/v1/alerts/rules", { key })).body).toEqual(changed.body);
  });
});
