import { describe, expect, it } from "vitest";
import { signatureHeader } from "../../worker/webhooks/sign";
import { api, createAgent, createTenant, waitFor } from "../helpers/api";
import {
  configureReceiver,
  createWebhook,
  deliveries,
  received,
  verifyWith,
  type WebhookBody,
  waitForReceived,
} from "../helpers/webhooks";

const SIM = { successRate: 1, latencyMs: 1, seed: 1 };

/** Every delivery must verify under each secret with both real verifiers. */
function expectVerified(r: { standardwebhooks: (true | string)[]; svix: (true | string)[] }, secrets = 1) {
  expect(r.standardwebhooks).toEqual(Array(secrets).fill(true));
  expect(r.svix).toEqual(Array(secrets).fill(true));
}

describe("webhook delivery to a real receiver", () => {
  it("signs Standard Webhooks deliveries that both verifiers accept, and logs them", async () => {
    const { key } = await createTenant("Hooks Basic");
    const all = await createWebhook(key, "basic", ["*"]);
    const tasksOnly = await createWebhook(key, "tasks-only", ["task.*"]);
    await configureReceiver("basic", [all.secret]);
    await configureReceiver("tasks-only", [tasksOnly.secret]);
    expect(all.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);

    const agentId = await createAgent(key, { name: "hooked", simulation: SIM });
    const [delivery] = await waitForReceived("basic", 1, (r) => r.body.includes('"agent.registered"'));
    if (!delivery) throw new Error("no delivery");
    expectVerified(delivery);
    const envelope = JSON.parse(delivery.body) as {
      id: string;
      type: string;
      agentId: string;
      version: number;
    };
    expect(envelope).toMatchObject({ type: "agent.registered", agentId, version: 1 });
    expect(delivery.headers["webhook-id"]).toBe(envelope.id);
    expect(Math.abs(Number(delivery.headers["webhook-timestamp"]) - Date.now() / 1000)).toBeLessThan(60);
    expect(delivery.headers["content-type"]).toBe("application/json");

    const logged = await waitFor(async () => {
      const list = await deliveries(key, all.id);
      const found = list.find((d) => d.eventId === envelope.id);
      return found?.status === "delivered" ? found : undefined;
    });
    expect(logged.attempts).toHaveLength(1);
    expect(logged.attempts[0]).toMatchObject({ attempt: 1, outcome: "delivered", statusCode: 200 });
    expect(logged.attempts[0]?.latencyMs).toBeGreaterThanOrEqual(0);
    expect(logged.attempts[0]?.response?.length).toBe(1024);

    // The test event goes to the one endpoint it names, whatever it subscribes to.
    const test = await api<{ eventId: string }>(`/api/v1/webhooks/${tasksOnly.id}/test`, { key, body: {} });
    expect(test.status).toBe(202);
    const [testDelivery] = await waitForReceived("tasks-only", 1);
    expect(JSON.parse(testDelivery?.body ?? "{}")).toMatchObject({
      type: "webhook.test",
      id: test.body.eventId,
    });
    expect((await received("tasks-only")).map((r) => JSON.parse(r.body).type)).toEqual(["webhook.test"]);
    expect((await received("basic")).some((r) => r.body.includes("webhook.test"))).toBe(false);
  });

  it("retries a failing receiver with the same webhook-id until it answers 2xx", async () => {
    const { key } = await createTenant("Hooks Retry");
    const hook = await createWebhook(key, "flaky", ["webhook.test"]);
    await configureReceiver("flaky", [hook.secret], [500, 503]);
    const test = await api<{ eventId: string }>(`/api/v1/webhooks/${hook.id}/test`, { key, body: {} });
    const got = await waitForReceived("flaky", 3);
    expect(got.map((r) => r.answered)).toEqual([500, 503, 200]);
    expect(new Set(got.map((r) => r.headers["webhook-id"]))).toEqual(new Set([test.body.eventId]));
    for (const r of got) expectVerified(r);
    const logged = await waitFor(async () => {
      const [d] = await deliveries(key, hook.id);
      return d?.status === "delivered" ? d : undefined;
    });
    expect(logged.attempts.map((a) => [a.attempt, a.statusCode, a.outcome])).toEqual([
      [1, 500, "failed"],
      [2, 503, "failed"],
      [3, 200, "delivered"],
    ]);
    const after = await api<WebhookBody>(`/api/v1/webhooks/${hook.id}`, { key });
    expect(after.body).toMatchObject({ enabled: true, consecutiveFailures: 0 });
  });

  it("disables an endpoint that answers 410 Gone, with a webhook.disabled event", async () => {
    const { key } = await createTenant("Hooks Gone");
    const hook = await createWebhook(key, "gone", ["webhook.test"]);
    await configureReceiver("gone", [hook.secret], [410]);
    await api(`/api/v1/webhooks/${hook.id}/test`, { key, body: {} });
    const disabled = await waitFor(async () => {
      const w = await api<WebhookBody>(`/api/v1/webhooks/${hook.id}`, { key });
      return w.body.enabled ? undefined : w.body;
    });
    expect(disabled.disabledReason).toMatch(/410/);
    const events = await api<{ events: { type: string; data: Record<string, unknown> }[] }>(
      "/api/v1/events?limit=1000",
      { key },
    );
    expect(events.body.events.find((e) => e.type === "webhook.disabled")?.data).toMatchObject({
      webhookId: hook.id,
    });
    expect(await received("gone")).toHaveLength(1);
    const [d] = await deliveries(key, hook.id);
    expect(d?.status).toBe("failed");
    // A disabled endpoint cannot be tested or replayed into until it is enabled again.
    expect((await api(`/api/v1/webhooks/${hook.id}/test`, { key, body: {} })).status).toBe(409);
  });

  it("dead-letters exhausted messages as failed, and replays deliver them again", async () => {
    const { key } = await createTenant("Hooks Exhausted");
    const since = new Date(Date.now() - 1000).toISOString();
    const hook = await createWebhook(key, "down", ["webhook.test"]);
    await configureReceiver("down", [hook.secret], Array(8).fill(500));
    const test = await api<{ eventId: string }>(`/api/v1/webhooks/${hook.id}/test`, { key, body: {} });
    await waitForReceived("down", 8);
    const failed = await waitFor(async () => {
      const [d] = await deliveries(key, hook.id);
      return d?.status === "failed" ? d : undefined;
    });
    expect(failed.attempts).toHaveLength(8);
    expect(failed.attempts.every((a) => a.outcome === "failed" && a.statusCode === 500)).toBe(true);

    // Bulk replay of failed deliveries since a time: the receiver is back up now.
    const bulk = await api<{ replayed: number }>(`/api/v1/webhooks/${hook.id}/deliveries/replay`, {
      key,
      body: { since },
    });
    expect(bulk).toMatchObject({ status: 202, body: { replayed: 1 } });
    const again = await waitForReceived("down", 9);
    expect(again[8]?.answered).toBe(200);
    expect(again[8]?.headers["webhook-id"]).toBe(test.body.eventId);
    expectVerified(again[8] ?? { standardwebhooks: [], svix: [] });
    await waitFor(async () =>
      (await deliveries(key, hook.id))[0]?.status === "delivered" ? true : undefined,
    );

    // Replay of one delivery: same event, same webhook-id, one more attempt row.
    const one = await api(`/api/v1/webhooks/deliveries/${failed.id}/replay`, { key, body: {} });
    expect(one.status).toBe(202);
    const third = await waitForReceived("down", 10);
    expect(third[9]?.headers["webhook-id"]).toBe(test.body.eventId);
    const final = await waitFor(async () => {
      const [d] = await deliveries(key, hook.id);
      return d && d.attempts.length === 10 ? d : undefined;
    });
    expect(final.status).toBe("delivered");
    expect(final.attempts.map((a) => a.attempt)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it("a tampered body or an old timestamp fails verification", async () => {
    const { key } = await createTenant("Hooks Tamper");
    const hook = await createWebhook(key, "tamper", ["webhook.test"]);
    await configureReceiver("tamper", [hook.secret]);
    await api(`/api/v1/webhooks/${hook.id}/test`, { key, body: {} });
    const [d] = await waitForReceived("tamper", 1);
    if (!d) throw new Error("no delivery");
    expect(await verifyWith(hook.secret, d.headers, d.body)).toEqual({ standardwebhooks: true, svix: true });

    const tampered = await verifyWith(hook.secret, d.headers, d.body.replace("webhook.test", "webhook.tesT"));
    expect(tampered.standardwebhooks).not.toBe(true);
    expect(tampered.svix).not.toBe(true);

    const wrongSecret = await verifyWith(
      `whsec_${btoa("another-secret-of-32-bytes-long!")}`,
      d.headers,
      d.body,
    );
    expect(wrongSecret.standardwebhooks).not.toBe(true);
    expect(wrongSecret.svix).not.toBe(true);

    // Correctly signed, but ten minutes old: outside both verifiers' tolerance, so a captured
    // delivery cannot be replayed later by someone else.
    const id = d.headers["webhook-id"] ?? "";
    const old = Math.floor(Date.now() / 1000) - 600;
    const oldHeaders = {
      "webhook-id": id,
      "webhook-timestamp": String(old),
      "webhook-signature": await signatureHeader([hook.secret], id, old, d.body),
    };
    const stale = await verifyWith(hook.secret, oldHeaders, d.body);
    expect(stale.standardwebhooks).toMatch(/too old/i);
    expect(stale.svix).toMatch(/too old/i);
  });

  it("during a secret rotation every delivery verifies under both secrets", async () => {
    const { key } = await createTenant("Hooks Rotate");
    const hook = await createWebhook(key, "rotating", ["webhook.test"]);
    const rotated = await api<{ secret: string; previousSecretExpiresAt: string }>(
      `/api/v1/webhooks/${hook.id}/rotate-secret`,
      { key, body: {} },
    );
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(hook.secret);
    const grace = Date.parse(rotated.body.previousSecretExpiresAt) - Date.now();
    expect(grace).toBeGreaterThan(23.9 * 3600_000);
    expect(grace).toBeLessThanOrEqual(24 * 3600_000);

    await configureReceiver("rotating", [hook.secret, rotated.body.secret]);
    await api(`/api/v1/webhooks/${hook.id}/test`, { key, body: {} });
    const [d] = await waitForReceived("rotating", 1);
    if (!d) throw new Error("no delivery");
    expectVerified(d, 2);
    expect(d.headers["webhook-signature"]?.split(" ")).toHaveLength(2);
    expect(d.headers["webhook-signature"]?.split(" ").every((s) => s.startsWith("v1,"))).toBe(true);
  });
});
