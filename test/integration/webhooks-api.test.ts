import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { DISABLE_AFTER_FAILURES, DISABLE_AFTER_MS } from "../../shared/webhooks/health";
import { api, createTenant, type Problem } from "../helpers/api";
import { allEntries, storedRows } from "../helpers/audit";
import { createWebhook, receiverOrigin, type WebhookBody } from "../helpers/webhooks";

const hubOf = (tenantId: string) => env.TENANT_HUB.get(env.TENANT_HUB.idFromName(tenantId));

describe("webhook endpoints API", () => {
  it("creates, reads, updates and deletes endpoints; the secret is shown only on create", async () => {
    const { key } = await createTenant("Hooks API");
    const created = await api<{ webhook: WebhookBody; secret: string }>("/api/v1/webhooks", {
      key,
      body: {
        url: `${receiverOrigin()}/hooks/api`,
        events: ["task.*", "agent.registered"],
        description: "ops",
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.webhook).toMatchObject({ enabled: true, events: ["task.*", "agent.registered"] });
    const id = created.body.webhook.id;

    const one = await api<Record<string, unknown>>(`/api/v1/webhooks/${id}`, { key });
    expect(one.status).toBe(200);
    expect(JSON.stringify(one.body)).not.toContain("whsec_");
    const list = await api<{ webhooks: WebhookBody[] }>("/api/v1/webhooks", { key });
    expect(list.body.webhooks.map((w) => w.id)).toEqual([id]);

    const patched = await api<WebhookBody>(`/api/v1/webhooks/${id}`, {
      key,
      method: "PATCH",
      body: { events: ["*"], enabled: false },
    });
    expect(patched.body).toMatchObject({
      events: ["*"],
      enabled: false,
      disabledReason: "disabled by a user",
    });
    const reenabled = await api<WebhookBody>(`/api/v1/webhooks/${id}`, {
      key,
      method: "PATCH",
      body: { enabled: true },
    });
    expect(reenabled.body).toMatchObject({ enabled: true, disabledReason: null, consecutiveFailures: 0 });

    expect((await api(`/api/v1/webhooks/${id}`, { key, method: "DELETE" })).status).toBe(204);
    expect((await api(`/api/v1/webhooks/${id}`, { key })).status).toBe(404);
  });

  it("refuses URLs Warden must not call and unknown event types, naming the field", async () => {
    const { key } = await createTenant("Hooks Validation");
    for (const url of [
      "http://10.0.0.8/hook",
      "https://169.254.169.254/latest",
      "ftp://example.com/x",
      "nope",
    ]) {
      const res = await api<Problem>("/api/v1/webhooks", { key, body: { url, events: ["*"] } });
      expect(res.status, url).toBe(400);
      expect(res.body.errors?.map((e) => e.field)).toEqual(["url"]);
    }
    const badEvents = await api<Problem>("/api/v1/webhooks", {
      key,
      body: { url: "https://hooks.example.com/x", events: ["tsak.*", "task.completed"] },
    });
    expect(badEvents.status).toBe(400);
    expect(badEvents.body.errors?.[0]?.field).toBe("events[0]");
    const none = await api<Problem>("/api/v1/webhooks", {
      key,
      body: { url: "https://hooks.example.com/x", events: [] },
    });
    expect(none.status).toBe(400);

    const { id } = await createWebhook(key, "validation");
    const patch = await api<Problem>(`/api/v1/webhooks/${id}`, {
      key,
      method: "PATCH",
      body: { url: "http://192.168.1.1/" },
    });
    expect(patch.status).toBe(400);
    expect(patch.body.errors?.map((e) => e.field)).toEqual(["url"]);
  });

  it("audits create, update, rotate and delete without ever logging a secret", async () => {
    const { key, tenantId } = await createTenant("Hooks Audit");
    const { id, secret } = await createWebhook(key, "audited");
    await api(`/api/v1/webhooks/${id}`, { key, method: "PATCH", body: { description: "changed" } });
    const rotated = await api<{ secret: string }>(`/api/v1/webhooks/${id}/rotate-secret`, { key, body: {} });
    await api(`/api/v1/webhooks/${id}`, { key, method: "DELETE" });
    const rows = (await allEntries(key)).filter((r) => r.target?.type === "webhook");
    expect(rows.map((r) => r.action).sort()).toEqual(
      ["webhook.create", "webhook.delete", "webhook.rotate_secret", "webhook.update"].sort(),
    );
    expect(rows.every((r) => r.target?.id === id)).toBe(true);
    const stored = JSON.stringify(await storedRows(tenantId));
    expect(stored).not.toContain(secret.slice(6));
    expect(stored).not.toContain(rotated.body.secret.slice(6));
  });

  it("documents every webhook route in the OpenAPI document", async () => {
    const doc = await api<{ paths: Record<string, Record<string, unknown>> }>("/api/v1/openapi.json");
    const paths = doc.body.paths;
    expect(Object.keys(paths["/webhooks"] ?? {}).sort()).toEqual(["get", "post"]);
    expect(Object.keys(paths["/webhooks/{id}"] ?? {}).sort()).toEqual(["delete", "get", "patch"]);
    for (const p of [
      "/webhooks/{id}/rotate-secret",
      "/webhooks/{id}/test",
      "/webhooks/{id}/deliveries/replay",
      "/webhooks/deliveries/{id}/replay",
    ])
      expect(paths[p]?.post, p).toBeDefined();
    expect(paths["/webhooks/{id}/deliveries"]?.get).toBeDefined();
  });

  it("another tenant's endpoints and deliveries are not found", async () => {
    const a = await createTenant("Hooks A");
    const b = await createTenant("Hooks B");
    const { id } = await createWebhook(a.key, "isolated");
    expect((await api(`/api/v1/webhooks/${id}`, { key: b.key })).status).toBe(404);
    expect((await api(`/api/v1/webhooks/${id}/deliveries`, { key: b.key })).status).toBe(404);
    expect((await api(`/api/v1/webhooks/${id}/test`, { key: b.key, body: {} })).status).toBe(404);
  });
});

describe("endpoint health in the hub", () => {
  it(`disables an endpoint after ${DISABLE_AFTER_FAILURES} failed messages in a row`, async () => {
    const { key, tenantId } = await createTenant("Hooks Fifty");
    const { id } = await createWebhook(key, "fifty");
    const now = Date.now();
    const failure = { webhookId: id, outcome: "failed" as const, at: now, firstAttempt: true };
    // Retries of one message are one failure, however many there are.
    const retries = Array(DISABLE_AFTER_FAILURES + 5).fill({ ...failure, firstAttempt: false });
    expect((await hubOf(tenantId).reportWebhookAttempts(retries)).disabled).toEqual([]);
    const first = await hubOf(tenantId).reportWebhookAttempts(
      Array(DISABLE_AFTER_FAILURES - 1).fill(failure),
    );
    expect(first.disabled).toEqual([]);
    // A success in between starts the count again.
    await hubOf(tenantId).reportWebhookAttempts([
      { webhookId: id, outcome: "delivered", at: now, firstAttempt: true },
    ]);
    expect((await hubOf(tenantId).reportWebhookAttempts([failure])).disabled).toEqual([]);
    await hubOf(tenantId).reportWebhookAttempts(Array(DISABLE_AFTER_FAILURES - 2).fill(failure));
    expect((await hubOf(tenantId).reportWebhookAttempts([failure])).disabled).toEqual([id]);
    const w = await api<WebhookBody>(`/api/v1/webhooks/${id}`, { key });
    expect(w.body).toMatchObject({ enabled: false, disabledReason: "50 failed messages in a row" });
    const events = await api<{ events: { type: string }[] }>("/api/v1/events?limit=1000", { key });
    expect(events.body.events.filter((e) => e.type === "webhook.disabled")).toHaveLength(1);
  });

  it("disables an endpoint that has been failing for 5 days", async () => {
    const { key, tenantId } = await createTenant("Hooks Five Days");
    const { id } = await createWebhook(key, "five-days");
    const start = Date.now() - DISABLE_AFTER_MS;
    await hubOf(tenantId).reportWebhookAttempts([
      { webhookId: id, outcome: "failed", at: start, firstAttempt: true },
    ]);
    const later = await hubOf(tenantId).reportWebhookAttempts([
      { webhookId: id, outcome: "failed", at: start + DISABLE_AFTER_MS - 1000, firstAttempt: false },
    ]);
    expect(later.disabled).toEqual([]);
    const last = await hubOf(tenantId).reportWebhookAttempts([
      { webhookId: id, outcome: "failed", at: Date.now(), firstAttempt: false },
    ]);
    expect(last.disabled).toEqual([id]);
    expect((await api<WebhookBody>(`/api/v1/webhooks/${id}`, { key })).body.disabledReason).toMatch(/5 days/);
  });
});
