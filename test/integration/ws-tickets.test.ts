import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api, createAgent, createTenant } from "../helpers/api";
import { signup } from "../helpers/identity";
import { latestSeq, openSocket } from "../helpers/live";
import { addKey, addUser } from "../helpers/roles";

const SIM = { successRate: 1, latencyMs: 1 };

async function ticketFor(token: string): Promise<{ status: number; ticket: string; url: string }> {
  const res = await api<{ ticket: string; url: string }>("/api/v1/ws/tickets", {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: res.status, ...res.body };
}

describe("WebSocket tickets", () => {
  it("let a browser (no headers) connect once, as the user who asked", async () => {
    const owner = await signup("Ticket Co");
    const viewer = await addUser(owner, "viewer");
    const { status, ticket, url } = await ticketFor(viewer.accessToken);
    expect(status).toBe(201);
    expect(ticket).toMatch(/^wst_[A-Za-z0-9_-]{43}$/);
    expect(url).toBe(`/api/v1/ws?ticket=${ticket}`);
    // Only the hash is stored.
    const stored = await env.DB.prepare("SELECT ticket_hash FROM ws_tickets WHERE tenant_id = ?")
      .bind(owner.tenantId)
      .all<{ ticket_hash: string }>();
    expect(stored.results.map((r) => r.ticket_hash)).not.toContain(ticket);

    const opened = await openSocket(`?ticket=${ticket}&after=0`);
    expect(opened.status).toBe(101);
    const { key } = await addKey(owner, ["agents:write", "agents:read"]);
    await createAgent(key, { name: "seen-through-ticket", simulation: SIM });
    const events = await opened.client!.waitForSeq(await latestSeq(key));
    expect(events.some((e) => e.type === "agent.registered")).toBe(true);
    opened.client!.close();

    const again = await openSocket(`?ticket=${ticket}`);
    expect(again.status).toBe(401);
  });

  it("expire after 30 s", async () => {
    const t = await createTenant("Expiry Co");
    const { ticket } = await ticketFor(t.key);
    // Age the row rather than wait: the stored expiry is what the redemption checks.
    await env.DB.prepare("UPDATE ws_tickets SET expires_at = ? WHERE tenant_id = ?")
      .bind(Date.now() - 1, t.tenantId)
      .run();
    expect((await openSocket(`?ticket=${ticket}`)).status).toBe(401);
  });

  it("are refused when malformed, unknown, or from a key lacking events:read", async () => {
    expect((await openSocket("?ticket=nonsense")).status).toBe(401);
    expect((await openSocket(`?ticket=wst_${"A".repeat(43)}`)).status).toBe(401);
    const owner = await signup("Scoped Ticket Co");
    const { key } = await addKey(owner, ["tasks:read"]);
    expect((await ticketFor(key)).status).toBe(403);
  });

  it("stop working when the tenant is suspended after they were issued", async () => {
    const t = await createTenant("Suspended Ticket Co");
    const { ticket } = await ticketFor(t.key);
    const suspended = await api(`/api/v1/admin/tenants/${t.tenantId}/suspend`, {
      headers: { authorization: "Bearer test-admin-token" },
      body: { reason: "test" },
    });
    expect(suspended.status).toBe(200);
    expect((await openSocket(`?ticket=${ticket}`)).status).toBe(403);
  });
});
