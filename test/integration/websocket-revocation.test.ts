import { describe, expect, it } from "vitest";
import { ADMIN_TOKEN, api, createAgent } from "../helpers/api";
import { login, signup } from "../helpers/identity";
import { latestSeq, openSocket, settle } from "../helpers/live";
import { addKey, addUser } from "../helpers/roles";

/**
 * A live socket is only as good as the access it was opened with: revoking the key, removing the
 * user or suspending the tenant ends it at once (1008), and other sockets stay open.
 */
const within = <T>(p: Promise<T>, ms = 5000) =>
  Promise.race([
    p,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error("socket stayed open")), ms)),
  ]);

describe("live sockets end with the access behind them", () => {
  it("revoking a key closes its sockets, not another key's", async () => {
    const owner = await signup("Revoked Live");
    const doomed = await addKey(owner, ["events:read"]);
    const other = await addKey(owner, ["events:read", "agents:read"]);
    const a = (await openSocket("", { key: doomed.key })).client!;
    const b = (await openSocket("", { key: other.key })).client!;
    const revoked = await api(`/api/v1/api-keys/${doomed.id}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${owner.accessToken}` },
    });
    expect(revoked.status).toBe(204);
    expect((await within(a.closed)).code).toBe(1008);
    // The other key's socket is still open and still receives events.
    await createAgent((await addKey(owner, ["agents:write"])).key, {
      name: "after-revocation",
      simulation: { successRate: 1, latencyMs: 1 },
    });
    const received = await b.waitForSeq(await latestSeq(other.key));
    expect(received.map((e) => e.type)).toContain("agent.registered");
    expect(b.ws.readyState).toBe(WebSocket.READY_STATE_OPEN);
    b.close();
  });

  it("removing a user closes the sockets they opened with a ticket", async () => {
    const owner = await signup("Removed Live");
    const member = await addUser(owner, "viewer");
    const ticket = await api<{ ticket: string }>("/api/v1/ws/tickets", {
      method: "POST",
      headers: { authorization: `Bearer ${member.accessToken}` },
    });
    expect(ticket.status).toBe(201);
    const socket = (await openSocket(`?ticket=${ticket.body.ticket}`)).client!;
    const removed = await api(`/api/v1/users/${member.id}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${owner.accessToken}` },
    });
    expect(removed.status).toBe(204);
    expect((await within(socket.closed)).code).toBe(1008);
  });

  it("suspending the tenant closes every socket", async () => {
    const owner = await signup("Suspended Live");
    const key = await addKey(owner, ["events:read"]);
    const socket = (await openSocket("", { key: key.key })).client!;
    const suspended = await api(`/api/v1/admin/tenants/${owner.tenantId}/suspend`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      body: { reason: "unpaid" },
    });
    expect(suspended.status).toBe(200);
    expect((await within(socket.closed)).code).toBe(1008);
    expect((await openSocket("", { key: key.key })).status).toBe(403);
  });

  it("logging out closes that login's sockets, not those of another login", async () => {
    const owner = await signup("Logout Live");
    const second = await login(owner.email, owner.password);
    const ticketFor = async (token: string) =>
      (
        await api<{ ticket: string }>("/api/v1/ws/tickets", {
          method: "POST",
          headers: { authorization: `Bearer ${token}` },
        })
      ).body.ticket;
    const first = (await openSocket(`?ticket=${await ticketFor(owner.accessToken)}`)).client!;
    const other = (await openSocket(`?ticket=${await ticketFor(second.body.accessToken)}`)).client!;
    expect((await api("/api/v1/auth/logout", { body: { refreshToken: owner.refreshToken } })).status).toBe(
      204,
    );
    expect((await within(first.closed)).code).toBe(1008);
    await settle();
    expect(other.ws.readyState).toBe(WebSocket.READY_STATE_OPEN);
    other.close();
  });
});
