import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentSecretOpener, sealAgentSecret } from "../../../worker/agent-secrets";
import { execute } from "../../../worker/executors";
import { MAX_RESPONSE_BYTES } from "../../../worker/executors/classify";
import { callHttpAgent } from "../../../worker/executors/http";
import type { ExecutionMessage } from "../../../worker/executors/types";
import { generateWebhookSecret } from "../../../worker/webhooks/sign";
import { type AgentServer, startAgentServer } from "../../helpers/agent-server";
import {
  type AgentScript,
  agentReport,
  scriptAgent,
  scriptedAgentUrl,
  uniqueAgentName,
} from "../../helpers/scripted-agent-client";

const KEY = "dGVzdC1lbmNyeXB0aW9uLWtleS10aGlydHktdHdvLWI";
const TENANT = "ten_signing";
const AGENT = "agt_signing";
const openSecret = agentSecretOpener(KEY, TENANT, AGENT);

let server: AgentServer;
beforeAll(async () => {
  server = await startAgentServer();
});
afterAll(async () => {
  await server.close();
});

let counter = 0;
function message(endpoint: string, sealed?: string[], timeoutMs = 3_000): ExecutionMessage {
  counter += 1;
  return {
    tenantId: TENANT,
    taskId: `tsk_signing_${counter}`,
    attempt: 1,
    agentId: AGENT,
    agentTaskNumber: counter,
    agent: {
      kind: "http",
      endpoint,
      timeoutMs,
      simulation: null,
      ...(sealed ? { signingSecretsSealed: sealed } : {}),
    },
    task: {
      impact: 0.5,
      urgency: 0.5,
      risk: 0.1,
      capabilities: [],
      externalId: null,
      payload: { n: counter },
    },
  };
}

/** A scripted agent on the real server, told `script`; returns its endpoint and name. */
async function agent(script: AgentScript = {}): Promise<{ name: string; url: string }> {
  const name = uniqueAgentName("unit");
  await scriptAgent(server.origin, name, script);
  return { name, url: scriptedAgentUrl(server.origin, name) };
}

describe("signed requests, verified by the agent with the standardwebhooks package", () => {
  it("verify with the agent's secret and not with another", async () => {
    const secret = generateWebhookSecret();
    const { name, url } = await agent({ secrets: { mine: secret, other: generateWebhookSecret() } });
    const m = message(url, [await sealAgentSecret(KEY, TENANT, AGENT, secret)]);
    const result = await callHttpAgent(m, { openSecret });
    expect(result.outcome).toBe("success");

    const [seen] = (await agentReport(server.origin, name)).requests;
    expect(seen?.verified).toEqual({ mine: true, other: false });
    expect(seen?.webhookId).toBe(`${m.taskId}_1`);
    expect(Math.abs(Number(seen?.webhookTimestamp) - Date.now() / 1_000)).toBeLessThan(5);
    expect(seen?.webhookSignature).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(server.requests.find((r) => r.headers["x-warden-task-id"] === m.taskId)).toBeDefined();
  });

  it("during a rotation carry one signature per live secret, each verifying on its own", async () => {
    const [newer, older] = [generateWebhookSecret(), generateWebhookSecret()];
    const { name, url } = await agent({ secrets: { newer, older } });
    const sealed = [
      await sealAgentSecret(KEY, TENANT, AGENT, newer),
      await sealAgentSecret(KEY, TENANT, AGENT, older),
    ];
    expect((await execute(message(url, sealed), { openSecret })).outcome).toBe("success");

    const [seen] = (await agentReport(server.origin, name)).requests;
    expect(seen?.verified).toEqual({ newer: true, older: true });
    expect(seen?.webhookSignature?.split(" ")).toHaveLength(2);
  });

  it("keep the webhook-id of a redelivered attempt, and change it with the attempt", async () => {
    const secret = generateWebhookSecret();
    const { name, url } = await agent({ secrets: { secret } });
    const m = message(url, [await sealAgentSecret(KEY, TENANT, AGENT, secret)]);
    await callHttpAgent(m, { openSecret });
    await callHttpAgent(m, { openSecret });
    await callHttpAgent({ ...m, attempt: 2 }, { openSecret });

    const ids = (await agentReport(server.origin, name)).requests.map((r) => r.webhookId);
    expect(ids).toEqual([`${m.taskId}_1`, `${m.taskId}_1`, `${m.taskId}_2`]);
  });

  it.each([
    ["no secrets field", undefined],
    ["an empty list", []],
  ])("an agent registered before signing (%s) is called unsigned", async (_name, sealed) => {
    const { name, url } = await agent({ secrets: { any: generateWebhookSecret() } });
    expect((await callHttpAgent(message(url, sealed), { openSecret })).outcome).toBe("success");
    const [seen] = (await agentReport(server.origin, name)).requests;
    expect(seen).toMatchObject({ webhookId: null, webhookSignature: null, verified: { any: false } });
  });

  it("a secret sealed for another agent does not open: failure secret_unavailable, no call", async () => {
    const { name, url } = await agent();
    const foreign = await sealAgentSecret(KEY, TENANT, "agt_someone_else", generateWebhookSecret());
    const result = await callHttpAgent(message(url, [foreign]), { openSecret });
    expect(result).toEqual({
      outcome: "failure",
      reason: "secret_unavailable",
      detail: "signing secret unavailable",
      latencyMs: 0,
    });
    expect((await agentReport(server.origin, name)).requests).toHaveLength(0);
  });

  it("sealed secrets without a way to open them: failure secret_unavailable, no call", async () => {
    const { name, url } = await agent();
    const sealed = [await sealAgentSecret(KEY, TENANT, AGENT, generateWebhookSecret())];
    expect(await execute(message(url, sealed))).toMatchObject({
      outcome: "failure",
      reason: "secret_unavailable",
    });
    expect((await agentReport(server.origin, name)).requests).toHaveLength(0);
  });
});

describe("the agent's answer", () => {
  it.each([200, 422])(
    "{ outcome: rejected } with %d: rejected, reason agent_rejected, detail trimmed",
    async (status) => {
      const { url } = await agent({ mode: "reject", status, reason: `  ${"too risky ".repeat(40)}  ` });
      const result = await callHttpAgent(message(url));
      expect(result).toMatchObject({ outcome: "rejected", reason: "agent_rejected" });
      expect(result.detail).toBe("too risky ".repeat(20).trim());
    },
  );

  it(`a body of exactly ${MAX_RESPONSE_BYTES} bytes is read`, async () => {
    const { url } = await agent({ mode: "oversized", bytes: MAX_RESPONSE_BYTES });
    expect(await callHttpAgent(message(url))).toMatchObject({ outcome: "success" });
  });

  it("one byte more is a failure, response_too_large", async () => {
    const { url } = await agent({ mode: "oversized", bytes: MAX_RESPONSE_BYTES + 1 });
    expect(await callHttpAgent(message(url))).toMatchObject({
      outcome: "failure",
      reason: "response_too_large",
    });
  });

  it("an endless body is cut off at the cap, long before the timeout", async () => {
    const { name, url } = await agent({ mode: "oversized", endless: true });
    const started = Date.now();
    const result = await callHttpAgent(message(url, undefined, 10_000));
    expect(result).toMatchObject({ outcome: "failure", reason: "response_too_large" });
    expect(Date.now() - started).toBeLessThan(5_000);
    // The agent saw the caller hang up: its endless answer ended.
    await expect
      .poll(async () => (await agentReport(server.origin, name)).bytesSent.length, { timeout: 5_000 })
      .toBe(1);
  });

  it("a declared Content-Length over the cap is refused unread", async () => {
    let pulled = false;
    // No read-ahead: pull runs only when someone reads.
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulled = true;
          controller.enqueue(new Uint8Array(1_024));
        },
      },
      { highWaterMark: 0 },
    );
    const result = await callHttpAgent(message("https://agent.example/run"), {
      fetch: async () =>
        new Response(body, { status: 200, headers: { "content-length": String(MAX_RESPONSE_BYTES + 1) } }),
    });
    expect(result).toMatchObject({ outcome: "failure", reason: "response_too_large" });
    expect(pulled).toBe(false);
  });
});
