import autocannon from "autocannon";
import { vettedAgents } from "./bench-agents.mjs";

/**
 * API latency under load with autocannon against a running `wrangler dev`: a read that asks the
 * tenant's hub for its live state, and a write that submits a batch of 100 tasks, each at 10 and
 * 50 connections. Each write is a distinct batch (no Idempotency-Key), so every request stores
 * 100 new tasks; fast vetted agents drain them meanwhile, as a tenant under load would.
 */
const DURATION_S = Number(process.env.BENCH_LOAD_SECONDS ?? 10);
const CONNECTIONS = [10, 50];

const batchBody = JSON.stringify({
  tasks: Array.from({ length: 100 }, (_, i) => ({
    impact: (i % 10) / 10,
    urgency: ((i * 7) % 10) / 10,
    risk: ((i * 3) % 10) / 10,
    capabilities: ["general"],
    payload: { n: i },
  })),
});

/** One autocannon run; every response's time is kept, so p50/p95/p99 are exact. */
function run(opts) {
  return new Promise((resolve, reject) => {
    const times = [];
    const instance = autocannon(opts, (err, result) => (err ? reject(err) : resolve({ result, times })));
    instance.on("response", (_client, _status, _bytes, responseTime) => times.push(responseTime));
  });
}

function percentile(sorted, p) {
  if (!sorted.length) return null;
  return Number(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)].toFixed(1));
}

function summary(name, connections, { result, times }) {
  const sorted = times.sort((a, b) => a - b);
  return {
    request: name,
    connections,
    requests: result.requests.total,
    perSecond: Math.round(result.requests.average),
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    p99Ms: percentile(sorted, 99),
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

export async function benchLoad(origin, { key, call }) {
  await vettedAgents(call, key, {
    count: 5,
    prefix: "load",
    maxConcurrency: 200,
    simulation: { successRate: 1, latencyMs: 1 },
  });
  const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
  const rows = [];
  for (const connections of CONNECTIONS) {
    const read = await run({
      url: `${origin}/api/v1/governance/state`,
      connections,
      duration: DURATION_S,
      headers,
    });
    rows.push(summary("GET /api/v1/governance/state", connections, read));
    const write = await run({
      url: `${origin}/api/v1/tasks/batch`,
      method: "POST",
      connections,
      duration: DURATION_S,
      headers,
      body: batchBody,
    });
    rows.push(summary("POST /api/v1/tasks/batch (100 tasks)", connections, write));
  }
  return rows;
}
