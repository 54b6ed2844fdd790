// Live fan-out latency against a running `wrangler dev`: N WebSocket clients of one tenant, a
// series of agent updates, and for every event at every socket the time from the event's commit
// (its `time`, stamped by the hub) to its receipt. Same machine, same clock.
//   import { benchFanout } from "./lib/bench-fanout.mjs";
//   const r = await benchFanout(origin, { key, sockets: 100 }); // → { p50Ms, p99Ms, … }
// `key` needs agents:write and events:read (an admin key has both), and rate limits high enough
// for `sockets` ticket requests.

const ROUNDS = 60;
const WARMUP_ROUNDS = 10;
const ROUND_GAP_MS = 25;
const OPEN_CONCURRENCY = 50;

export async function benchFanout(origin, { key, sockets, rounds = ROUNDS }) {
  const call = async (path, method = "GET", body) => {
    const res = await fetch(origin + path, {
      method,
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const agent = await call("/api/v1/agents", "POST", {
    name: "fanout-bench",
    kind: "simulated",
    capabilities: ["general"],
    simulation: { successRate: 1, latencyMs: 1 },
  });

  const samples = [];
  const perSocket = new Array(sockets).fill(0);
  const closedEarly = {};
  const clients = [];
  // Tickets (the browser path) keep this to the standard WebSocket API, which cannot set headers.
  const open = async (index) => {
    const { ticket } = await call("/api/v1/ws/tickets", "POST");
    const ws = new WebSocket(
      `${origin.replace(/^http/, "ws")}/api/v1/ws?ticket=${ticket}&types=agent.updated`,
    );
    ws.addEventListener("message", (e) => {
      const received = Date.now();
      const frame = JSON.parse(e.data);
      if (!Array.isArray(frame)) return;
      for (const event of frame) {
        perSocket[index] += 1;
        if (event.seq > warmEndSeq) samples.push(received - Date.parse(event.time));
      }
    });
    ws.addEventListener("close", (e) => {
      if (!finished) closedEarly[e.code] = (closedEarly[e.code] ?? 0) + 1;
    });
    await new Promise((resolve, reject) => {
      ws.addEventListener("open", resolve, { once: true });
      ws.addEventListener("error", () => reject(new Error(`socket ${index} failed to open`)), { once: true });
    });
    clients.push(ws);
  };
  let warmEndSeq = Number.POSITIVE_INFINITY;
  let finished = false;
  for (let i = 0; i < sockets; i += OPEN_CONCURRENCY)
    await Promise.all(Array.from({ length: Math.min(OPEN_CONCURRENCY, sockets - i) }, (_, j) => open(i + j)));

  try {
    for (let r = 0; r < rounds; r++) {
      if (r === WARMUP_ROUNDS) warmEndSeq = (await call("/api/v1/governance/state")).lastSeq;
      await call(`/api/v1/agents/${agent.id}`, "PATCH", { name: `fanout-bench-${r}` });
      await new Promise((res) => setTimeout(res, ROUND_GAP_MS));
    }
    const expected = (rounds - WARMUP_ROUNDS) * sockets;
    const deadline = Date.now() + 30_000;
    while (samples.length < expected && Date.now() < deadline)
      await new Promise((res) => setTimeout(res, 50));
    samples.sort((a, b) => a - b);
    const at = (q) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? null;
    return {
      sockets,
      events: rounds - WARMUP_ROUNDS,
      received: samples.length,
      expected,
      closedEarly,
      framesEvents: perSocket.reduce((a, b) => a + b, 0),
      p50Ms: at(0.5),
      p99Ms: at(0.99),
      maxMs: samples[samples.length - 1] ?? null,
    };
  } finally {
    finished = true;
    for (const ws of clients) ws.close(1000, "bench done");
    await call(`/api/v1/agents/${agent.id}`, "DELETE").catch(() => {});
  }
}
