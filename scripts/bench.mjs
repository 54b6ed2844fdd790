// npm run bench: the benchmarks recorded in docs/benchmarks.md.
//   1. Engine: one tick over 1,000 queued tasks and 100 agents (vitest bench, plain Node).
//   2. End to end: 10,000 tasks in 10 batches of 1,000 against `wrangler dev` (workerd, local
//      D1, Durable Objects and Queues), to simulated agents; time until all are terminal.
//   3. Live events: WebSocket fan-out latency with 100 and 1,000 sockets, and webhook deliveries
//      per second to a local receiver, against `wrangler dev`.
//   4. Load: API latency with autocannon (GET governance state, POST a 100-task batch) at 10 and
//      50 connections against `wrangler dev`, and the Worker's bundle size.
// Options: --engine-only, --e2e-only, --live-only, --load-only.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { vettedAgents } from "./lib/bench-agents.mjs";
import { benchFanout } from "./lib/bench-fanout.mjs";
import { benchLoad } from "./lib/bench-load.mjs";
import { benchWebhooks } from "./lib/bench-webhooks.mjs";
import { startWranglerDev } from "./lib/wrangler-dev.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const args = new Set(process.argv.slice(2));

const only = [...args].find((a) => a.endsWith("-only"));
const run = (part) => !only || only === `--${part}-only`;

if (run("engine")) {
  console.log("== Engine: tick over 1,000 queued tasks and 100 agents ==");
  execFileSync(
    process.execPath,
    [
      join(root, "node_modules/vitest/vitest.mjs"),
      "bench",
      "--run",
      "--project",
      "unit (bench)",
      "--silent=false",
      "test/unit/governance/engine.bench.ts",
    ],
    {
      cwd: root,
      stdio: "inherit",
    },
  );
}

if (run("e2e"))
  await withBenchServer("End to end: 10,000 tasks in 10 batches of 1,000 against wrangler dev", endToEnd);
if (run("live"))
  await withBenchServer(
    "Live events: WebSocket fan-out and webhook delivery against wrangler dev",
    liveEvents,
  );

if (run("load")) {
  await withBenchServer("Load: API latency under autocannon against wrangler dev", async (ctx) => {
    console.table(await benchLoad(ctx.origin, ctx));
  });
  bundleSize();
}

/** The Worker as `wrangler deploy` would upload it: its size and gzip size. */
function bundleSize() {
  const out = mkdtempSync(join(tmpdir(), "warden-bundle-"));
  try {
    const text = execFileSync(
      process.execPath,
      [join(root, "node_modules/wrangler/bin/wrangler.js"), "deploy", "--dry-run", "--outdir", out],
      { cwd: root, encoding: "utf8", env: { ...process.env, WRANGLER_SEND_METRICS: "false" } },
    );
    const line = text.split("\n").find((l) => l.includes("Total Upload"));
    console.log(`\n== Worker bundle ==\n${line?.trim() ?? text}`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/**
 * A fresh `wrangler dev` (temporary state, real D1 migrations) with one tenant whose rate limits
 * are lifted: the benchmarks measure the pipeline, not the limiter.
 */
async function withBenchServer(title, body) {
  const persist = mkdtempSync(join(tmpdir(), "warden-bench-"));
  const adminToken = "bench-admin-token";
  const env = {
    ...process.env,
    CLOUDFLARE_CF_FETCH_ENABLED: "false",
    WRANGLER_SEND_METRICS: "false",
    CI: "true",
  };
  const wrangler = join(root, "node_modules/wrangler/bin/wrangler.js");
  console.log(`\n== ${title} ==`);
  execFileSync(
    process.execPath,
    [wrangler, "d1", "migrations", "apply", "DB", "--local", "--persist-to", persist],
    {
      cwd: root,
      stdio: "ignore",
      env,
    },
  );
  const server = await startWranglerDev({
    cwd: root,
    port: 8799,
    stdio: process.env.BENCH_VERBOSE ? "inherit" : "ignore",
    extraArgs: [
      "--persist-to",
      persist,
      "--var",
      `WARDEN_ADMIN_TOKEN:${adminToken}`,
      "--var",
      "WARDEN_ENV:development",
      "--var",
      "WARDEN_ALLOW_LOCAL_URLS:true",
      "--var",
      `WARDEN_SESSION_KEYS:bench:${randomBytes(32).toString("base64url")}`,
      "--var",
      `WARDEN_ENCRYPTION_KEY:${randomBytes(32).toString("base64url")}`,
    ],
  });
  const origin = server.origin;
  const call = async (path, { method = "GET", token, body, headers = {} } = {}) => {
    const res = await fetch(origin + path, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  try {
    // Each measurement can have a tenant of its own, so one run's sockets or queue backlog never
    // weigh on the next. Limits are lifted: the benchmarks measure the pipeline, not the limiter.
    const newTenant = async (name) => {
      const created = await call("/api/v1/admin/tenants", {
        method: "POST",
        token: adminToken,
        body: { name },
      });
      const unlimited = { burst: 1_000_000, perSecond: 1_000_000 };
      await call("/api/v1/tenant", {
        method: "PATCH",
        token: created.apiKey,
        body: { settings: { rateLimits: { perKey: unlimited, perTenant: unlimited } } },
      });
      return created.apiKey;
    };
    await body({ origin, key: await newTenant("Bench"), call, newTenant });
  } finally {
    server.stop();
    rmSync(persist, { recursive: true, force: true });
  }
}

async function endToEnd({ key, call }) {
  const TOTAL_BATCHES = 10;
  const BATCH = 1000;
  const AGENTS = 10;
  await vettedAgents(call, key, {
    count: AGENTS,
    prefix: "bench",
    maxConcurrency: 100,
    simulation: { successRate: 0.97, latencyMs: 20 },
  });
  const started = performance.now();
  for (let b = 0; b < TOTAL_BATCHES; b++) {
    const tasks = Array.from({ length: BATCH }, (_, i) => ({
      impact: ((b * BATCH + i) % 10) / 10,
      urgency: ((i * 7) % 10) / 10,
      risk: ((i * 3) % 10) / 10,
      capabilities: ["general"],
      payload: { n: b * BATCH + i },
    }));
    await call("/api/v1/tasks/batch", {
      method: "POST",
      token: key,
      body: { tasks },
      headers: { "idempotency-key": `bench-${b}` },
    });
  }
  const accepted = performance.now();
  let state;
  for (;;) {
    state = await call("/api/v1/governance/state", { token: key });
    const t = state.tasks;
    if (t.succeeded + t.failed + t.cancelled >= TOTAL_BATCHES * BATCH) break;
    if (performance.now() - started > 600_000) throw new Error(`timed out: ${JSON.stringify(t)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const finished = performance.now();

  // None lost or counted twice: every task has exactly one created and one terminal event.
  const created_ = new Map();
  const terminal = new Map();
  let after = 0;
  for (;;) {
    const page = await call(`/api/v1/events?after=${after}&limit=1000`, { token: key });
    for (const e of page.events) {
      if (e.type === "task.created") created_.set(e.taskId, (created_.get(e.taskId) ?? 0) + 1);
      if (e.type === "task.completed" || e.type === "task.failed" || e.type === "task.cancelled")
        terminal.set(e.taskId, (terminal.get(e.taskId) ?? 0) + 1);
    }
    if (page.events.length < 1000) break;
    after = page.nextAfter;
  }
  const total = TOTAL_BATCHES * BATCH;
  const lost = [...created_.keys()].filter((id) => !terminal.has(id)).length;
  const twice =
    [...terminal.values()].filter((n) => n > 1).length + [...created_.values()].filter((n) => n > 1).length;
  const sum = Object.values(state.tasks).reduce((a, b) => a + b, 0);
  const seconds = (finished - started) / 1000;
  console.log(
    JSON.stringify(
      {
        tasks: total,
        submitSeconds: Number(((accepted - started) / 1000).toFixed(2)),
        secondsUntilAllTerminal: Number(seconds.toFixed(2)),
        tasksPerSecond: Math.round(total / seconds),
        counts: state.tasks,
        createdEvents: created_.size,
        terminalEvents: terminal.size,
        lost,
        countedTwice: twice,
        countsAddUp: sum === total,
      },
      null,
      2,
    ),
  );
  if (lost || twice || sum !== total || created_.size !== total) process.exitCode = 1;
}

async function liveEvents({ origin, key }) {
  const results = {};
  for (const sockets of [100, 1000])
    results[`fanout${sockets}`] = await benchFanout(origin, { key, sockets });
  results.webhooks = await benchWebhooks(origin, { key, events: 2000 });
  console.log(JSON.stringify(results, null, 2));
}
