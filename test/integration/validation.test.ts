import { beforeAll, describe, expect, it } from "vitest";
import { api, createAgent, createTenant, type Problem } from "../helpers/api";

let key: string;

beforeAll(async () => {
  ({ key } = await createTenant("Validation Co"));
});

const task = { impact: 0.5, urgency: 0.5, risk: 0.1 };

function expectProblem(
  res: { status: number; headers: Headers; body: unknown },
  status: number,
  field?: string,
) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  expect(res.headers.get("x-request-id")).toBeTruthy();
  const body = res.body as Problem;
  expect(body.status).toBe(status);
  expect(body.title).toBeTruthy();
  expect(JSON.stringify(body)).not.toMatch(/at .*\.(ts|js):\d+/); // never a stack trace
  if (field) expect(body.errors?.map((e) => e.field)).toContain(field);
  return body;
}

describe("bad input gets a problem+json 4xx naming the field", () => {
  it("malformed JSON body", async () => {
    const res = await api("/api/v1/tasks", { key, rawBody: "{ impact: 0.5," });
    expectProblem(res, 400, "body");
  });

  it("out-of-range number (impact 1.5)", async () => {
    const res = await api("/api/v1/tasks", { key, body: { ...task, impact: 1.5 } });
    expectProblem(res, 400, "impact");
  });

  it("wrong type", async () => {
    const res = await api("/api/v1/tasks", { key, body: { ...task, urgency: "high" } });
    expectProblem(res, 400, "urgency");
  });

  it("missing required field", async () => {
    const res = await api("/api/v1/tasks", { key, body: { impact: 0.2, urgency: 0.2 } });
    expectProblem(res, 400, "risk");
  });

  it("a task payload over 64 KiB, inside a batch, names its index", async () => {
    const big = { blob: "x".repeat(64 * 1024) };
    const res = await api("/api/v1/tasks/batch", { key, body: { tasks: [task, { ...task, payload: big }] } });
    expectProblem(res, 400, "tasks[1].payload");
  });

  it("a batch over 1,000 tasks", async () => {
    const res = await api("/api/v1/tasks/batch", {
      key,
      body: { tasks: Array.from({ length: 1001 }, () => task) },
    });
    expectProblem(res, 400, "tasks");
  });

  it("an empty batch", async () => {
    const res = await api("/api/v1/tasks/batch", { key, body: { tasks: [] } });
    expectProblem(res, 400, "tasks");
  });

  it("a body far over the limit gets 413", async () => {
    const res = await api("/api/v1/tasks", {
      key,
      body: { ...task, payload: { blob: "y".repeat(200 * 1024) } },
    });
    expectProblem(res, 413, "body");
  });

  it("a malformed id in the path", async () => {
    expectProblem(await api("/api/v1/tasks/not-an-id", { key }), 400, "id");
    expectProblem(await api("/api/v1/agents/tsk_01jd0000000000000000000000", { key }), 400, "id");
  });

  it("a malformed cursor or limit", async () => {
    expectProblem(await api("/api/v1/tasks?cursor=%%%", { key }), 400, "cursor");
    expectProblem(await api("/api/v1/tasks?cursor=bm90LWFuLWlk", { key }), 400, "cursor");
    expectProblem(await api("/api/v1/tasks?limit=0", { key }), 400, "limit");
    expectProblem(await api("/api/v1/tasks?status=running", { key }), 400, "status");
    expectProblem(await api("/api/v1/governance/cycles?cursor=abc", { key }), 400, "cursor");
  });

  it("agent fields: kind-specific requirements and rates in [0, 1]", async () => {
    expectProblem(await api("/api/v1/agents", { key, body: { name: "h", kind: "http" } }), 400, "endpoint");
    expectProblem(
      await api("/api/v1/agents", {
        key,
        body: { name: "s", kind: "simulated", simulation: { successRate: 2, latencyMs: 5 } },
      }),
      400,
      "simulation.successRate",
    );
    expectProblem(await api("/api/v1/agents", { key, body: { name: "x", kind: "robot" } }), 400, "kind");
  });

  it("trust overrides and controls need a reason", async () => {
    const id = await createAgent(key, { name: "needs-reason", simulation: { successRate: 1, latencyMs: 1 } });
    expectProblem(await api(`/api/v1/agents/${id}/trust`, { key, body: { trust: 0.9 } }), 400, "reason");
    expectProblem(
      await api(`/api/v1/agents/${id}/trust`, { key, body: { trust: 1.2, reason: "x" } }),
      400,
      "trust",
    );
    expectProblem(await api(`/api/v1/agents/${id}/suppress`, { key, body: { reason: " " } }), 400, "reason");
  });

  it("governance config: ranges and cross-field rules name the field", async () => {
    expectProblem(
      await api("/api/v1/governance/config", { key, method: "PATCH", body: { learningRate: 2 } }),
      400,
      "learningRate",
    );
    expectProblem(
      await api("/api/v1/governance/config", { key, method: "PATCH", body: { penaltyRate: 0.01 } }),
      400,
      "penaltyRate",
    );
    expectProblem(
      await api("/api/v1/governance/config", { key, method: "PATCH", body: { thresholdMin: 0.95 } }),
      400,
    );
  });

  it("a body that is not JSON gets 415 naming content-type", async () => {
    const res = await api("/api/v1/tasks", {
      key,
      rawBody: "impact=1",
      headers: { "content-type": "text/plain" },
    });
    expectProblem(res, 415, "content-type");
  });

  it("an unknown field in a strict body is named", async () => {
    const id = await createAgent(key, { name: "strict", simulation: { successRate: 1, latencyMs: 1 } });
    expectProblem(
      await api(`/api/v1/agents/${id}`, { key, method: "PATCH", body: { bogus: 1 } }),
      400,
      "bogus",
    );
  });

  it("unknown routes are problem+json 404s", async () => {
    expectProblem(await api("/api/v1/nope", { key }), 404);
  });
});

describe("authentication", () => {
  it("a missing key is 401", async () => {
    const res = await api("/api/v1/agents");
    expectProblem(res, 401);
    expect(res.headers.get("www-authenticate")).toContain("Bearer");
  });

  it("a malformed key is 401", async () => {
    expectProblem(await api("/api/v1/agents", { key: "wk_live_short" }), 401);
  });

  it("an unknown but well-formed key is 401", async () => {
    // Flip one character of a real key: the checksum no longer matches, so it is rejected offline.
    const forged = `${key.slice(0, 10)}${key[10] === "a" ? "b" : "a"}${key.slice(11)}`;
    expectProblem(await api("/api/v1/agents", { key: forged }), 401);
  });

  it("a wrong admin token is 401", async () => {
    const res = await api("/api/v1/admin/tenants", {
      headers: { authorization: "Bearer nope" },
      body: { name: "x" },
    });
    expectProblem(res, 401);
  });
});
