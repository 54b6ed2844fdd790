import { describe, expect, inject, it } from "vitest";
import { generateWebhookSecret } from "../../worker/webhooks/sign";
import { api, createTenant, type TaskBody, waitFor, waitForTerminal } from "../helpers/api";
import { allEntries, storedRows } from "../helpers/audit";
import {
  type AgentScript,
  agentReport,
  scriptAgent,
  scriptedAgentUrl,
  uniqueAgentName,
} from "../helpers/scripted-agent-client";

// Tasks go the whole way: API → hub → execution queue → consumer → a scripted agent on the Node
// agent server, which verifies each request with the standardwebhooks package.
const origin = inject("agentServerOrigin");

interface Agent {
  id: string;
  trust: number;
  signingSecret?: string;
  counters: { rejected: number; failures: number };
  signing: { secretRotatedAt: string | null; previousSecretExpiresAt: string | null } | null;
}

interface Attempt {
  outcome: string | null;
  reason: string | null;
  detail: string | null;
}

/** A fresh tenant with one http agent pointing at a scripted agent, told `script` (plus its secret). */
async function setup(script: AgentScript = {}, agentFields: Record<string, unknown> = {}) {
  const { key, tenantId } = await createTenant("Signed Agents");
  const name = uniqueAgentName("signing");
  const capability = `cap-${name}`;
  const created = await api<Agent>("/api/v1/agents", {
    key,
    body: {
      name,
      kind: "http",
      endpoint: scriptedAgentUrl(origin, name),
      capabilities: [capability],
      timeoutMs: 5_000,
      ...agentFields,
    },
  });
  expect(created.status).toBe(201);
  const secret = created.body.signingSecret;
  expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
  await scriptAgent(origin, name, {
    ...script,
    secrets: { registered: secret ?? "", wrong: generateWebhookSecret() },
  });
  return { key, tenantId, name, capability, agent: created.body, secret: secret ?? "" };
}

async function submit(key: string, capability: string, count: number, extra: Record<string, unknown> = {}) {
  const tasks = Array.from({ length: count }, (_, i) => ({
    impact: 0.6,
    urgency: 0.4,
    risk: 0.1,
    capabilities: [capability],
    payload: { n: i },
    ...extra,
  }));
  const res = await api<{ taskIds: string[] }>("/api/v1/tasks/batch", { key, body: { tasks } });
  expect(res.status).toBe(202);
  return Promise.all(
    res.body.taskIds.map((id) => waitForTerminal(key, id) as Promise<TaskBody & { attempts: Attempt[] }>),
  );
}

async function getAgent(key: string, id: string): Promise<Agent> {
  const res = await api<Agent>(`/api/v1/agents/${id}`, { key });
  expect(res.status).toBe(200);
  return res.body;
}

describe("http agents verify every request Warden sends", () => {
  it("with the secret from registration, and not with any other", async () => {
    const { key, name, capability } = await setup();
    const tasks = await submit(key, capability, 3);
    expect(tasks.map((t) => t.status)).toEqual(["succeeded", "succeeded", "succeeded"]);

    const { requests } = await agentReport(origin, name);
    expect(requests).toHaveLength(3);
    for (const r of requests) expect(r.verified).toEqual({ registered: true, wrong: false });
    // One id per attempt, derived from it, so the agent can dedupe a redelivery.
    expect(new Set(requests.map((r) => r.webhookId)).size).toBe(3);
    for (const r of requests) expect(r.webhookId).toBe(`${r.taskId}_${r.attempt}`);
  });

  it("after rotate-secret, with the new secret and the old one alike", async () => {
    const { key, name, capability, agent, secret } = await setup();
    const rotated = await api<{ signingSecret: string; previousSecretExpiresAt: string }>(
      `/api/v1/agents/${agent.id}/rotate-secret`,
      { key, method: "POST" },
    );
    expect(rotated.status).toBe(200);
    const fresh = rotated.body.signingSecret;
    expect(fresh).not.toBe(secret);
    const graceHours = (Date.parse(rotated.body.previousSecretExpiresAt) - Date.now()) / 3_600_000;
    expect(graceHours).toBeGreaterThan(23.9);
    await scriptAgent(origin, name, { secrets: { old: secret, new: fresh, wrong: generateWebhookSecret() } });

    const tasks = await submit(key, capability, 2);
    expect(tasks.map((t) => t.status)).toEqual(["succeeded", "succeeded"]);
    const { requests } = await agentReport(origin, name);
    expect(requests).toHaveLength(2);
    for (const r of requests) {
      expect(r.verified).toEqual({ old: true, new: true, wrong: false });
      expect(r.webhookSignature?.split(" ")).toHaveLength(2);
    }
  });
});

describe("what the agent answers", () => {
  it("{ outcome: rejected, reason } refuses the task: it fails with reason rejected, trust exactly unchanged", async () => {
    const { key, capability, agent } = await setup({
      mode: "reject",
      status: 422,
      reason: "   I only summarise English documents   ",
    });
    const [task] = await submit(key, capability, 1);
    expect(task?.status).toBe("failed");
    expect(task?.reason).toBe("rejected");
    expect(task?.attempts).toHaveLength(1);
    expect(task?.attempts[0]).toMatchObject({
      outcome: "rejected",
      reason: "agent_rejected",
      detail: "I only summarise English documents",
    });

    const after = await getAgent(key, agent.id);
    expect(after.trust).toBe(agent.trust);
    expect(after.counters.rejected).toBe(1);
    expect(after.counters.failures).toBe(0);
  });

  it("an oversized answer is a failure with reason response_too_large", async () => {
    const { key, capability, agent } = await setup({ mode: "oversized", bytes: 200 * 1024 });
    const [task] = await submit(key, capability, 1, { maxAttempts: 1 });
    expect(task?.status).toBe("failed");
    expect(task?.reason).toBe("response_too_large");
    expect(task?.attempts[0]).toMatchObject({ outcome: "failure", reason: "response_too_large" });
    expect((await getAgent(key, agent.id)).counters.failures).toBe(1);
  });
});

describe("concurrency", () => {
  it("the agent never has more requests in flight than its maxConcurrency", async () => {
    const { key, name, capability } = await setup({ mode: "slow", ms: 250 }, { maxConcurrency: 2 });
    const tasks = await submit(key, capability, 12);
    expect(tasks.every((t) => t.status === "succeeded")).toBe(true);

    const report = await agentReport(origin, name);
    expect(report.requests).toHaveLength(12);
    // Exactly 2: the agent was kept busy up to its limit, and never past it.
    expect(report.maxInFlight).toBe(2);
    expect(report.inFlight).toBe(0);
  });
});

describe("the signing secret stays secret", () => {
  it("never appears in the agent as read back, nor in the audit log", async () => {
    const { key, tenantId, agent, secret } = await setup();
    const rotated = await api<{ signingSecret: string }>(`/api/v1/agents/${agent.id}/rotate-secret`, {
      key,
      method: "POST",
    });
    const secrets = [secret, rotated.body.signingSecret];
    // The key material without its prefix, so a re-encoded copy is caught too.
    const needles = secrets.flatMap((s) => [s, s.slice("whsec_".length)]);

    const one = await getAgent(key, agent.id);
    expect(one.signing?.secretRotatedAt).not.toBeNull();
    const list = await api(`/api/v1/agents`, { key });
    // The registration and the rotation are both in the log: the check below reads their rows.
    const entries = await waitFor(
      async () => {
        const all = await allEntries(key);
        const actions = all.map((e) => e.action);
        return actions.includes("agent.register") && actions.includes("agent.rotate_secret")
          ? all
          : undefined;
      },
      { what: "the agent's audit entries" },
    );
    const rows = await storedRows(tenantId);
    for (const haystack of [one, list.body, entries, rows].map((v) => JSON.stringify(v))) {
      expect(haystack).not.toContain("whsec_");
      for (const needle of needles) expect(haystack).not.toContain(needle);
    }
  });
});
