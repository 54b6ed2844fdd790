import parsePrometheusTextFormat, { type PrometheusFamily } from "parse-prometheus-text-format";
import { describe, expect, it } from "vitest";
import {
  ADMIN_TOKEN,
  api,
  createAgent,
  createTenant,
  type Problem,
  waitFor,
  waitForTerminal,
} from "../helpers/api";
import { openSocket } from "../helpers/live";
import { configureReceiver, createWebhook, waitForReceived } from "../helpers/webhooks";

/**
 * GET /metrics through the real Worker, hubs and queues, parsed with a real Prometheus
 * exposition parser: the numbers must move as tasks run, requests arrive, queues settle and
 * webhooks deliver, and one tenant's scrape must never show another's.
 */

interface Scrape {
  text: string;
  families: Map<string, PrometheusFamily>;
}

const GOOD = { successRate: 1, latencyMs: 1, seed: 5 };

async function scrape(auth: string, path = "/metrics"): Promise<Scrape> {
  const res = await api<string>(path, { headers: { authorization: `Bearer ${auth}` } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
  const families = parsePrometheusTextFormat(res.body);
  return { text: res.body, families: new Map(families.map((f) => [f.name, f])) };
}

/** The value of the sample whose labels include `labels` (0 when no such series exists yet). */
function value(s: Scrape, name: string, labels: Record<string, string> = {}): number {
  if (s.families.get(name)?.type === "HISTOGRAM") return histogramCount(s.text, name, labels);
  const family = s.families.get(name);
  const sample = family?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  if (!sample) return 0;
  return Number(sample.value ?? sample.count);
}

/**
 * The observation count of one labelled histogram series. The parser folds every series of a
 * histogram family into one (its `flattenMetrics` keeps only `le`), so the series' own lines are
 * picked out of the scrape with their other labels dropped, and that family is parsed alone.
 */
function histogramCount(text: string, name: string, labels: Record<string, string>): number {
  const series = new Map<string, string[]>();
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}_`)) continue;
    const set = /\{([^}]*)\}/.exec(line)?.[1] ?? "";
    const pairs = Object.fromEntries([...set.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (!Object.entries(labels).every(([k, v]) => pairs[k] === v)) continue;
    const { le, ...rest } = pairs;
    const key = JSON.stringify(rest);
    const bare = line.replace(/\{[^}]*\}/, le === undefined ? "" : `{le="${le}"}`);
    series.set(key, [...(series.get(key) ?? []), bare]);
  }
  let count = 0;
  for (const lines of series.values()) {
    const [family] = parsePrometheusTextFormat(`# TYPE ${name} histogram\n${lines.join("\n")}\n`);
    count += Number(family?.metrics[0]?.count ?? 0);
  }
  return count;
}

/** Scrapes until `check` holds on a scrape: counts sent from queues and isolates arrive a little later. */
function scrapeUntil(auth: string, what: string, check: (s: Scrape) => boolean): Promise<Scrape> {
  return waitFor(
    async () => {
      const s = await scrape(auth);
      return check(s) ? s : undefined;
    },
    { what },
  );
}

async function runTasks(key: string, count: number): Promise<string[]> {
  const tasks = Array.from({ length: count }, () => ({ impact: 0.5, urgency: 0.5, risk: 0, maxAttempts: 1 }));
  const res = await api<{ taskIds: string[] }>("/api/v1/tasks/batch", { key, body: { tasks } });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  const ids = res.body.taskIds;
  for (const id of ids) expect((await waitForTerminal(key, id)).status).toBe("succeeded");
  return ids;
}

describe("Prometheus metrics", () => {
  it("a tenant admin's scrape parses, declares every metric, and moves as the tenant works", async () => {
    const { key } = await createTenant("Metrics Moving");
    const before = await scrape(key);
    for (const name of [
      "warden_governance_cycles_total",
      "warden_task_execution_duration_seconds",
      "warden_trust_score",
      "warden_agents",
      "warden_circuit_transitions_total",
      "warden_mutations_total",
      "warden_api_request_duration_seconds",
      "warden_api_requests_total",
      "warden_websocket_connections",
      "warden_queue_messages_total",
      "warden_webhook_deliveries_total",
    ])
      expect(before.families.has(name), name).toBe(true);
    expect(before.families.get("warden_task_execution_duration_seconds")?.type).toBe("HISTOGRAM");
    expect(before.families.get("warden_trust_score")?.type).toBe("GAUGE");
    expect(value(before, "warden_governance_cycles_total")).toBe(0);
    expect(value(before, "warden_agents", { status: "active" })).toBe(0);

    const res = await api("/api/v1/governance/config", {
      key,
      method: "PATCH",
      body: { cycleMaxResults: 5 },
    });
    expect(res.status).toBe(200);
    const agentId = await createAgent(key, { name: "steady", simulation: GOOD });
    const hook = await createWebhook(key, "metrics", ["task.completed"]);
    await configureReceiver("metrics", [hook.secret]);
    const socket = await openSocket("", { key });
    const taskIds = await runTasks(key, 10);
    await waitForReceived("metrics", 10);

    const after = await scrapeUntil(
      key,
      "queue and webhook counts",
      (s) =>
        value(s, "warden_queue_messages_total", { queue: "warden-execution", result: "acked" }) >= 10 &&
        value(s, "warden_webhook_deliveries_total", { result: "delivered" }) >= 10,
    );
    expect(value(after, "warden_governance_cycles_total")).toBeGreaterThanOrEqual(2);
    expect(value(after, "warden_task_execution_duration_seconds", { outcome: "success" })).toBe(10);
    expect(value(after, "warden_agents", { status: "active" })).toBe(1);
    expect(value(after, "warden_websocket_connections")).toBe(1);
    const trust = value(after, "warden_trust_score", { agent: agentId });
    expect(trust).toBeGreaterThan(0.5);
    expect(trust).toBeLessThanOrEqual(1);
    expect(
      value(after, "warden_api_requests_total", {
        route: "/api/v1/tasks/batch",
        method: "POST",
        status: "202",
      }),
    ).toBe(1);
    expect(
      value(after, "warden_api_requests_total", { route: "/api/v1/tasks/:id", method: "GET", status: "200" }),
    ).toBeGreaterThanOrEqual(10);
    expect(
      value(after, "warden_api_request_duration_seconds", { route: "/api/v1/tasks/:id" }),
    ).toBeGreaterThanOrEqual(10);

    // Bounded labels: route templates only, never a task id.
    for (const id of taskIds) expect(after.text).not.toContain(id);
    const routes =
      after.families.get("warden_api_requests_total")?.metrics.map((m) => m.labels?.route ?? "") ?? [];
    for (const route of routes) expect(route === "unmatched" || route.startsWith("/"), route).toBe(true);

    socket.client?.close();
    await scrapeUntil(key, "the socket to close", (s) => value(s, "warden_websocket_connections") === 0);
  });

  it("counts circuit transitions and failed executions by outcome", async () => {
    const { key } = await createTenant("Metrics Circuit");
    const res = await api("/api/v1/governance/config", {
      key,
      method: "PATCH",
      body: { circuitWindow: 4, circuitMinSamples: 4, circuitCooldownMs: 60_000 },
    });
    expect(res.status).toBe(200);
    await createAgent(key, { name: "broken", simulation: { successRate: 0, latencyMs: 1, seed: 9 } });
    const tasks = Array.from({ length: 4 }, () => ({ impact: 0.5, urgency: 0.5, risk: 0, maxAttempts: 1 }));
    expect((await api("/api/v1/tasks/batch", { key, body: { tasks } })).status).toBe(202);
    const s = await scrapeUntil(
      key,
      "the circuit to open",
      (m) => value(m, "warden_circuit_transitions_total", { to: "open" }) === 1,
    );
    expect(value(s, "warden_task_execution_duration_seconds", { outcome: "failure" })).toBeGreaterThanOrEqual(
      4,
    );
    expect(value(s, "warden_task_execution_duration_seconds", { outcome: "success" })).toBe(0);
  });

  it("keeps tenants apart, and the platform view sums tenants without naming any", async () => {
    const a = await createTenant("Metrics A");
    const b = await createTenant("Metrics B");
    const agentA = await createAgent(a.key, { name: "a-only", simulation: GOOD });
    await runTasks(a.key, 3);

    const scrapeB = await scrape(b.key);
    expect(scrapeB.text).not.toContain(agentA);
    expect(value(scrapeB, "warden_agents", { status: "active" })).toBe(0);
    expect(value(scrapeB, "warden_task_execution_duration_seconds", { outcome: "success" })).toBe(0);
    expect(value(scrapeB, "warden_api_requests_total", { route: "/api/v1/tasks/:id" })).toBe(0);

    const platform = await scrape(ADMIN_TOKEN);
    expect(platform.text).not.toContain(agentA);
    expect(platform.text).not.toContain(a.tenantId);
    expect(platform.families.get("warden_trust_score")?.metrics ?? []).toHaveLength(0);
    expect(value(platform, "warden_agents", { status: "active" })).toBeGreaterThanOrEqual(1);
    expect(
      value(platform, "warden_task_execution_duration_seconds", { outcome: "success" }),
    ).toBeGreaterThanOrEqual(3);
    // Requests made without a tenant (tenant creation by the platform admin) are counted too.
    expect(
      value(platform, "warden_api_requests_total", { route: "/api/v1/admin/tenants", method: "POST" }),
    ).toBeGreaterThanOrEqual(2);
  });

  it("is served at /api/v1/metrics too, and refuses callers who may not scrape", async () => {
    const { key } = await createTenant("Metrics Access");
    const v1 = await scrape(key, "/api/v1/metrics");
    expect(v1.families.has("warden_agents")).toBe(true);

    const none = await api<Problem>("/metrics");
    expect(none.status).toBe(401);
    expect(none.headers.get("content-type")).toContain("application/problem+json");

    const limited = await api<{ key: string }>("/api/v1/api-keys", {
      key,
      body: { name: "reader", scopes: ["tasks:read"] },
    });
    expect(limited.status).toBe(201);
    const refused = await api<Problem>("/metrics", { key: limited.body.key });
    expect(refused.status).toBe(403);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    expect(refused.body.detail).toContain("admin");

    const wrongToken = await api<Problem>("/metrics", {
      headers: { authorization: "Bearer not-the-admin-token" },
    });
    expect(wrongToken.status).toBe(401);
  });
});
