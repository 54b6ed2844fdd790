import { createServer } from "node:http";
import { Webhook } from "standardwebhooks";

/**
 * Webhook deliveries per second against a running `wrangler dev` (which must allow loopback URLs:
 * WARDEN_ALLOW_LOCAL_URLS=true). A local Node receiver verifies every delivery's signature and
 * answers 200; the events are `task.created`, made by submitting tasks in batches of 1,000 (no
 * agent is needed for them to be appended). Measured from the first submission to the last
 * delivery, so it covers the hub's outbox, the queue, signing, the POST and the D1 delivery log.
 */
export async function benchWebhooks(origin, { key, events = 2000 }) {
  const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
  const call = async (path, init = {}) => {
    const res = await fetch(origin + path, { headers, ...init });
    const body = await res.json().catch(() => null);
    if (!res.ok) throw new Error(`${init.method ?? "GET"} ${path}: ${res.status} ${JSON.stringify(body)}`);
    return body;
  };

  const seen = new Set();
  const lags = [];
  let invalid = 0;
  let verifier = null;
  let done;
  const finished = new Promise((resolve) => {
    done = resolve;
  });
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      try {
        verifier.verify(body, req.headers);
      } catch {
        invalid += 1;
      }
      const id = req.headers["webhook-id"];
      if (!seen.has(id)) {
        seen.add(id);
        lags.push(Date.now() - Date.parse(JSON.parse(body).time));
      }
      res.writeHead(200).end();
      if (seen.size >= events) done();
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${server.address().port}/hook`;

  const created = await call("/api/v1/webhooks", {
    method: "POST",
    body: JSON.stringify({ url, events: ["task.created"], description: "benchmark receiver" }),
  });
  verifier = new Webhook(created.secret);
  const start = Date.now();
  try {
    for (let sent = 0; sent < events; sent += 1000) {
      const n = Math.min(1000, events - sent);
      const tasks = Array.from({ length: n }, (_, i) => ({
        impact: 0.5,
        urgency: 0.5,
        risk: 0.1,
        capabilities: ["bench-webhooks-unserved"],
        externalId: `whbench-${sent + i}`,
      }));
      await call("/api/v1/tasks/batch", { method: "POST", body: JSON.stringify({ tasks }) });
    }
    const timeout = new Promise((_, reject) =>
      setTimeout(() => reject(new Error(`only ${seen.size} of ${events} deliveries within 120 s`)), 120_000),
    );
    await Promise.race([finished, timeout]);
    const seconds = (Date.now() - start) / 1000;
    lags.sort((a, b) => a - b);
    const pct = (p) => lags[Math.min(lags.length - 1, Math.floor(p * lags.length))];
    return {
      events,
      delivered: seen.size,
      invalidSignatures: invalid,
      seconds: Number(seconds.toFixed(2)),
      deliveriesPerSecond: Math.round(seen.size / seconds),
      eventToDeliveryMs: { p50: pct(0.5), p95: pct(0.95), max: lags[lags.length - 1] },
    };
  } finally {
    await call(`/api/v1/webhooks/${created.webhook.id}`, { method: "DELETE" }).catch(() => {});
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}
