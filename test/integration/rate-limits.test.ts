import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { listedTenant } from "../helpers/admin";
import { type ApiResponse, api, createTenant, type Problem, waitFor } from "../helpers/api";

/**
 * Token buckets on the real Worker and the real RateLimiter object. Refill rates are set to one
 * token per 100 s, so no bucket refills noticeably while a test runs and every count is exact.
 */
const SLOW = 0.01;

function limits(res: ApiResponse<unknown>) {
  return {
    limit: Number(res.headers.get("ratelimit-limit")),
    remaining: Number(res.headers.get("ratelimit-remaining")),
    reset: Number(res.headers.get("ratelimit-reset")),
  };
}

async function newKey(key: string, name: string): Promise<string> {
  const res = await api<{ key: string }>("/api/v1/api-keys", {
    key,
    body: { name, scopes: ["tasks:read", "tasks:write"] },
  });
  expect(res.status).toBe(201);
  return res.body.key;
}

async function setLimits(key: string, perKey: number, perTenant: number): Promise<void> {
  const res = await api("/api/v1/tenant", {
    key,
    method: "PATCH",
    body: {
      settings: {
        rateLimits: {
          perKey: { burst: perKey, perSecond: SLOW },
          perTenant: { burst: perTenant, perSecond: SLOW },
        },
      },
    },
  });
  expect(res.status).toBe(200);
}

function tasks(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    impact: 0.5,
    urgency: 0.5,
    risk: 0.1,
    capabilities: ["nobody-has-this"],
    externalId: `rl-${n}-${i}`,
  }));
}

async function adminUsage(tenantId: string) {
  return (await listedTenant(tenantId))?.usage;
}

describe("per-key and per-tenant buckets", () => {
  // Per key 5, per tenant 8: key A can exhaust its own bucket while the tenant still has 3 left,
  // which key B can spend before the tenant bucket refuses B too.
  let tenantId: string;
  let keyA: string;
  let keyB: string;

  beforeAll(async () => {
    ({ tenantId, key: keyA } = await createTenant("Limits Inc"));
    keyB = await newKey(keyA, "second");
    await setLimits(keyA, 5, 8);
  });

  it("counts down RateLimit-Remaining, then answers a burst over the per-key limit with 429", async () => {
    for (let n = 1; n <= 5; n++) {
      const res = await api<{ usage: { apiCalls: number } }>("/api/v1/tenant", { key: keyA });
      expect(res.status).toBe(200);
      const l = limits(res);
      expect(l).toMatchObject({ limit: 5, remaining: 5 - n });
      // n tokens missing at 0.01 tokens/s: full again in 100·n seconds.
      expect(l.reset).toBeLessThanOrEqual(100 * n);
      expect(l.reset).toBeGreaterThanOrEqual(100 * n - 2);
      // Each accepted request is counted once: key creation and PATCH came before.
      expect(res.body.usage.apiCalls).toBe(2 + n);
    }

    const refused = await api<Problem>("/api/v1/tenant", { key: keyA });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    expect(refused.body.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(100);
    expect(limits(refused)).toMatchObject({ limit: 5, remaining: 0 });
    expect(limits(refused).reset).toBeGreaterThanOrEqual(retryAfter);
  });

  it("leaves another key of the tenant working", async () => {
    const res = await api<{ usage: { apiCalls: number } }>("/api/v1/tenant", { key: keyB });
    expect(res.status).toBe(200);
    // B's own bucket has 4 left, the tenant's 2: the headers report the one closer to refusing.
    expect(limits(res)).toMatchObject({ limit: 8, remaining: 2 });
    expect(res.body.usage.apiCalls).toBe(8);
  });

  it("binds the tenant bucket across keys", async () => {
    for (const remaining of [1, 0]) {
      const res = await api("/api/v1/tenant", { key: keyB });
      expect(res.status).toBe(200);
      expect(limits(res)).toMatchObject({ limit: 8, remaining });
    }
    // B has 2 tokens of its own left, but the tenant has none.
    const refused = await api("/api/v1/tenant", { key: keyB });
    expect(refused.status).toBe(429);
    expect(limits(refused)).toMatchObject({ limit: 8, remaining: 0 });
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((await api("/api/v1/tenant", { key: keyA })).status).toBe(429);
  });

  it("counts every accepted request exactly once, and no refused one", async () => {
    // 2 setup calls, 5 by A and 3 by B were accepted; 3 were refused.
    const usage = await waitFor(
      async () => ((await adminUsage(tenantId))?.apiCalls === 10 ? 10 : undefined),
      {
        timeoutMs: 15_000,
        intervalMs: 250,
        what: "api calls to reach D1",
      },
    );
    expect(usage).toBe(10);
  });
});

describe("batches", () => {
  let tenantId: string;
  let key: string;
  let reader: string;

  beforeAll(async () => {
    ({ tenantId, key } = await createTenant("Batch Limits"));
    reader = await newKey(key, "reader");
    await setLimits(key, 12, 100);
  });

  it("charge one token per task, refuse what the bucket cannot cover, and lose nothing", async () => {
    const first = await api<{ taskIds: string[] }>("/api/v1/tasks/batch", { key, body: { tasks: tasks(4) } });
    expect(first.status).toBe(202);
    expect(limits(first)).toMatchObject({ limit: 12, remaining: 8 });

    // Not a batch: costs 1 and is refused by validation, with the headers still on the answer.
    const invalid = await api<Problem>("/api/v1/tasks/batch", { key, body: { tasks: "many" } });
    expect(invalid.status).toBe(400);
    expect(limits(invalid)).toMatchObject({ limit: 12, remaining: 7 });

    // 8 tasks, 7 tokens: refused whole, nothing charged, nothing created.
    const over = await api<Problem>("/api/v1/tasks/batch", { key, body: { tasks: tasks(8) } });
    expect(over.status).toBe(429);
    expect(Number(over.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(limits(over)).toMatchObject({ limit: 12, remaining: 7 });

    // Larger than the burst: waiting can never help, so it is 413 rather than 429.
    const huge = await api<Problem>("/api/v1/tasks/batch", { key, body: { tasks: tasks(13) } });
    expect(huge.status).toBe(413);
    expect(huge.body.errors?.map((e) => e.field)).toEqual(["tasks"]);
    expect(huge.body.detail).toContain("12");

    const last = await api<{ taskIds: string[] }>("/api/v1/tasks/batch", { key, body: { tasks: tasks(7) } });
    expect(last.status).toBe(202);
    expect(limits(last)).toMatchObject({ limit: 12, remaining: 0 });

    expect((await api("/api/v1/tasks", { key })).status).toBe(429);

    // Exactly the 11 accepted tasks exist: none from the refused batches, none twice.
    const list = await api<{ tasks: { id: string }[] }>("/api/v1/tasks?limit=50", { key: reader });
    expect(list.status).toBe(200);
    expect(list.body.tasks.map((t) => t.id).sort()).toEqual(
      [...first.body.taskIds, ...last.body.taskIds].sort(),
    );

    const tenant = await api<{ usage: { tasksSubmitted: number; apiCalls: number } }>("/api/v1/tenant", {
      key: reader,
    });
    // POST /api-keys, PATCH, 2 accepted batches, the invalid one; then the reader's 2 reads.
    expect(tenant.body.usage).toMatchObject({ tasksSubmitted: 11, apiCalls: 7 });
    await waitFor(async () => ((await adminUsage(tenantId))?.tasksSubmitted === 11 ? true : undefined), {
      timeoutMs: 15_000,
      intervalMs: 250,
      what: "task usage to reach D1",
    });
  });

  it("count a batch sent as a stream of unknown length by its tasks too", async () => {
    const { key: streamer } = await createTenant("Stream Limits");
    const bytes = new TextEncoder().encode(JSON.stringify({ tasks: tasks(3) }));
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        // Two chunks and no Content-Length, as a chunked upload arrives.
        controller.enqueue(bytes.slice(0, 10));
        controller.enqueue(bytes.slice(10));
        controller.close();
      },
    });
    const res = await exports.default.fetch(
      new Request("https://warden.test/api/v1/tasks/batch", {
        method: "POST",
        headers: { authorization: `Bearer ${streamer}`, "content-type": "application/json" },
        body,
      }),
    );
    expect(res.status).toBe(202);
    expect(((await res.json()) as { taskIds: string[] }).taskIds).toHaveLength(3);
    expect(Number(res.headers.get("ratelimit-remaining"))).toBe(2000 - 3);
  });

  it("let a default tenant submit a full 1,000-task batch", async () => {
    const { key: fresh } = await createTenant("Default Limits");
    const res = await api("/api/v1/tasks/batch", { key: fresh, body: { tasks: tasks(1000) } });
    expect(res.status).toBe(202);
    expect(limits(res)).toMatchObject({ limit: 2000, remaining: 1000 });
  });
});
