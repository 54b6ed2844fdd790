import { describe, expect, it } from "vitest";
import { ADMIN_TOKEN, api } from "../helpers/api";
import { login, signup } from "../helpers/identity";
import { addKey, addUser } from "../helpers/roles";

interface Entry {
  action: string;
  actor: { type: string; id: string | null };
  target: { type: string; id: string | null } | null;
  requestId: string | null;
  userAgent: string | null;
  before: unknown;
  after: unknown;
}

/** Every identity state change leaves its row in the tenant's audit chain, with who did it. */
describe("audit of identity actions", () => {
  it("records signup, logins, keys, invitations, roles, SSO and suspension, and the chain verifies", async () => {
    const owner = await signup("Audited Co");
    const as = { authorization: `Bearer ${owner.accessToken}`, "user-agent": "audit-test/1.0" };
    expect((await login(owner.email, "not the right password")).status).toBe(401);
    expect((await login(owner.email, owner.password)).status).toBe(200);

    const key = await addKey(owner, ["tasks:read"]);
    await api(`/api/v1/api-keys/${key.id}/rotate`, { method: "POST", headers: as });
    await api(`/api/v1/api-keys/${key.id}`, { method: "DELETE", headers: as });

    const member = await addUser(owner, "viewer");
    const roleChange = await api(`/api/v1/users/${member.id}`, {
      method: "PATCH",
      headers: as,
      body: { role: "operator" },
    });
    expect(roleChange.status).toBe(200);
    await api("/api/v1/sso", {
      method: "PUT",
      headers: as,
      body: {
        issuer: "https://idp.audited.example",
        clientId: "client",
        clientSecret: "a-client-secret-value",
        allowedDomains: ["audited.example"],
        defaultRole: "viewer",
      },
    });
    const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
    expect(
      (
        await api(`/api/v1/admin/tenants/${owner.tenantId}/suspend`, {
          headers: admin,
          body: { reason: "unpaid" },
        })
      ).status,
    ).toBe(200);
    expect(
      (await api(`/api/v1/admin/tenants/${owner.tenantId}/resume`, { headers: admin, body: {} })).status,
    ).toBe(200);

    const res = await api<{ entries: Entry[] }>("/api/v1/audit?limit=200", { headers: as });
    expect(res.status).toBe(200);
    const byAction = new Map<string, Entry[]>();
    for (const e of res.body.entries) byAction.set(e.action, [...(byAction.get(e.action) ?? []), e]);
    for (const action of [
      "tenant.signup",
      "auth.login_failed",
      "auth.login",
      "api_key.create",
      "api_key.rotate",
      "api_key.revoke",
      "invitation.create",
      "invitation.accept",
      "user.role_change",
      "sso.update",
      "tenant.suspend",
      "tenant.resume",
    ])
      expect(byAction.has(action), action).toBe(true);

    const change = byAction.get("user.role_change")?.[0];
    expect(change).toMatchObject({
      actor: { type: "user", id: owner.userId },
      target: { type: "user", id: member.id },
      before: { role: "viewer" },
      after: { role: "operator" },
      userAgent: "audit-test/1.0",
    });
    expect(change?.requestId).toMatch(/^req_/);
    expect(byAction.get("tenant.suspend")?.[0]?.actor.type).toBe("platform");
    expect(byAction.get("auth.login_failed")?.[0]?.target?.id).toBe(owner.userId);
    // Nothing secret ends up in the log.
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(owner.password);
    expect(text).not.toContain("a-client-secret-value");
    expect(text).not.toContain(key.key);

    const verify = await api<{ valid: boolean; checked: number }>("/api/v1/audit/verify", { headers: as });
    expect(verify.body.valid).toBe(true);
    expect(verify.body.checked).toBe(res.body.entries.length);
  });
});
