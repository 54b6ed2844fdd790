import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { execute } from "../../../worker/executors";
import { agentRequestBody, callHttpAgent, USER_AGENT } from "../../../worker/executors/http";
import type { ExecutionMessage } from "../../../worker/executors/types";
import { type AgentServer, startAgentServer, unreachableOrigin } from "../../helpers/agent-server";
import { caseName, RESPONSE_CASES } from "./conformance";

function message(endpoint: string | null, timeoutMs = 2_000, taskId = "task_http_1"): ExecutionMessage {
  return {
    tenantId: "tenant_a",
    taskId,
    attempt: 2,
    agentId: "agent_h",
    agentTaskNumber: 7,
    agent: { kind: "http", endpoint, timeoutMs, simulation: null },
    task: {
      impact: 0.9,
      urgency: 0.4,
      risk: 0.2,
      capabilities: ["triage", "refunds"],
      externalId: "ext-42",
      payload: { ticket: 1234, text: "hello" },
    },
  };
}

interface Captured {
  url: string;
  init: RequestInit | undefined;
}

function fakeFetch(respond: () => Response | Promise<Response>, captured: Captured[] = []): typeof fetch {
  return async (input, init) => {
    captured.push({ url: String(input), init });
    return respond();
  };
}

describe("callHttpAgent with a stub fetch", () => {
  it("POSTs the task as JSON with the Warden headers", async () => {
    const captured: Captured[] = [];
    const result = await callHttpAgent(message("https://agent.example/run"), {
      fetch: fakeFetch(() => new Response("{}", { status: 200 }), captured),
    });
    expect(result.outcome).toBe("success");
    const call = captured[0];
    expect(call?.url).toBe("https://agent.example/run");
    expect(call?.init?.method).toBe("POST");
    expect(call?.init?.signal).toBeInstanceOf(AbortSignal);
    const headers = new Headers(call?.init?.headers);
    expect(headers.get("content-type")).toBe("application/json");
    expect(headers.get("user-agent")).toBe(USER_AGENT);
    expect(headers.get("x-warden-task-id")).toBe("task_http_1");
    expect(headers.get("x-warden-attempt")).toBe("2");
    expect(JSON.parse(String(call?.init?.body))).toEqual({
      taskId: "task_http_1",
      attempt: 2,
      tenantId: "tenant_a",
      externalId: "ext-42",
      impact: 0.9,
      urgency: 0.4,
      risk: 0.2,
      capabilities: ["triage", "refunds"],
      payload: { ticket: 1234, text: "hello" },
    });
  });

  it("sends payload null when the task has none", () => {
    const m = message("https://agent.example/run");
    delete m.task.payload;
    expect(agentRequestBody(m).payload).toBeNull();
  });

  it("measures latency with the injected clock", async () => {
    let t = 1_000;
    const result = await callHttpAgent(message("https://agent.example/run"), {
      now: () => t,
      fetch: async () => {
        t += 250;
        return new Response(null, { status: 204 });
      },
    });
    expect(result).toEqual({ outcome: "success", latencyMs: 250, detail: "HTTP 204" });
  });

  it("reads Retry-After dates against the injected clock", async () => {
    const now = Date.UTC(2026, 0, 1);
    const result = await callHttpAgent(message("https://agent.example/run"), {
      now: () => now,
      fetch: async () =>
        new Response(null, { status: 429, headers: { "retry-after": new Date(now + 9_000).toUTCString() } }),
    });
    expect(result).toEqual({
      outcome: "rate_limited",
      latencyMs: 0,
      retryAfterMs: 9_000,
      detail: "HTTP 429",
    });
  });

  it("a body that stalls is cancelled at the timeout", async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      cancel() {
        cancelled = true;
      },
    });
    const result = await callHttpAgent(message("https://agent.example/run", 150), {
      fetch: async () => new Response(body, { status: 200 }),
    });
    expect(result.outcome).toBe("timeout");
    expect(cancelled).toBe(true);
  });

  it("cancels the body of an answer it does not read", async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      cancel() {
        cancelled = true;
      },
    });
    const result = await callHttpAgent(message("https://agent.example/run"), {
      fetch: async () => new Response(body, { status: 503 }),
    });
    expect(result).toMatchObject({ outcome: "failure", reason: "http_503" });
    expect(cancelled).toBe(true);
  });

  it("a network error is a failure, never a throw", async () => {
    const result = await callHttpAgent(message("https://agent.example/run"), {
      fetch: async () => {
        throw new TypeError("fetch failed");
      },
    });
    expect(result).toMatchObject({ outcome: "failure", detail: "network error" });
  });

  it("a fetch that never answers times out after timeoutMs", async () => {
    const started = Date.now();
    const result = await callHttpAgent(message("https://agent.example/run", 150), {
      fetch: (_input, init) =>
        new Promise((_resolve, reject) => {
          init?.signal?.addEventListener("abort", () => reject(init.signal?.reason));
        }),
    });
    expect(result.outcome).toBe("timeout");
    expect(result.detail).toBe("timeout after 150 ms");
    expect(result.latencyMs).toBeGreaterThanOrEqual(140);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("an abort that rejects with something odd is still a timeout", async () => {
    const result = await callHttpAgent(message("https://agent.example/run", 100), {
      fetch: (_input, init) =>
        new Promise((_resolve, reject) => {
          init?.signal?.addEventListener("abort", () => reject(new TypeError("socket hang up")));
        }),
    });
    expect(result.outcome).toBe("timeout");
  });

  it.each([null, "", "not a url", "ftp://agent.example/run"])(
    "endpoint %j is rejected without a call",
    async (endpoint) => {
      const captured: Captured[] = [];
      const result = await callHttpAgent(message(endpoint), {
        fetch: fakeFetch(() => new Response(null), captured),
      });
      expect(result.outcome).toBe("rejected");
      expect(captured).toHaveLength(0);
    },
  );

  it("an unserialisable payload is rejected without a call", async () => {
    const m = message("https://agent.example/run");
    m.task.payload = { big: 1n };
    const captured: Captured[] = [];
    const result = await callHttpAgent(m, { fetch: fakeFetch(() => new Response(null), captured) });
    expect(result.outcome).toBe("rejected");
    expect(captured).toHaveLength(0);
  });
});

describe("callHttpAgent against a real agent server (Node)", () => {
  let server: AgentServer;
  beforeAll(async () => {
    server = await startAgentServer();
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.requests.length = 0;
  });

  it.each(RESPONSE_CASES.map((c) => [caseName(c), c] as const))("conformance: %s", async (_name, c) => {
    const query = c.retryAfter === undefined ? "" : `?retry-after=${encodeURIComponent(c.retryAfter)}`;
    const result = await callHttpAgent(message(`${server.origin}/status/${c.status}${query}`));
    expect(result.outcome).toBe(c.outcome);
    expect(result.retryAfterMs).toBe(c.retryAfterMs);
    expect(result.detail).toBe(`HTTP ${c.status}`);
  });

  it("the agent receives the task", async () => {
    const result = await execute(message(`${server.origin}/ok`));
    expect(result.outcome).toBe("success");
    expect(server.requests).toHaveLength(1);
    const req = server.requests[0];
    expect(req?.method).toBe("POST");
    expect(req?.headers["x-warden-task-id"]).toBe("task_http_1");
    expect(req?.headers["user-agent"]).toBe(USER_AGENT);
    expect(req?.body).toMatchObject({ taskId: "task_http_1", attempt: 2, tenantId: "tenant_a" });
  });

  it("/slow with a short timeout times out", async () => {
    const result = await callHttpAgent(message(`${server.origin}/slow`, 300));
    expect(result.outcome).toBe("timeout");
    expect(result.latencyMs).toBeGreaterThanOrEqual(290);
    expect(result.latencyMs).toBeLessThan(1_200);
  });

  it("an unreachable port is a failure", async () => {
    const result = await callHttpAgent(message(`${await unreachableOrigin()}/ok`));
    expect(result).toMatchObject({ outcome: "failure", detail: "network error" });
  });
});
