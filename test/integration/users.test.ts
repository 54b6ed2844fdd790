import { describe, expect, it } from "vitest";
import { api, type Problem } from "../helpers/api";
import { login, signup } from "../helpers/identity";
import { addUser, teamOfFour } from "../helpers/roles";

const as = (token: string) => ({ authorization: `Bearer ${token}` });

interface UserList {
  users: { id: string; email: string; role: string }[];
  nextCursor: string | null;
}

describe("invitations", () => {
  it("a one-time link creates the account with the invited role and signs it in", async () => {
    const owner = await signup("Invite Co");
    const invited = await api<{ url: string; token: string; invitation: { id: string; role: string } }>(
      "/api/v1/users/invitations",
      { headers: as(owner.accessToken), body: { email: "Grace@Invite.example", role: "operator" } },
    );
    expect(invited.status).toBe(201);
    expect(invited.body.url).toMatch(/\/invitations\/wi_[0-9a-f]{64}$/);
    expect(invited.body.invitation.role).toBe("operator");

    const pending = await api<{ invitations: { id: string }[] }>("/api/v1/users/invitations", {
      headers: as(owner.accessToken),
    });
    expect(pending.body.invitations.map((i) => i.id)).toEqual([invited.body.invitation.id]);

    const accepted = await api<{ user: { email: string; role: string }; accessToken: string }>(
      `/api/v1/invitations/${invited.body.token}/accept`,
      { body: { password: "grace's own password", name: "Grace" } },
    );
    expect(accepted.status).toBe(201);
    expect(accepted.body.user).toMatchObject({ email: "grace@invite.example", role: "operator" });
    expect((await login("grace@invite.example", "grace's own password")).status).toBe(200);

    // The link works once.
    const again = await api(`/api/v1/invitations/${invited.body.token}/accept`, {
      body: { password: "another password here" },
    });
    expect(again.status).toBe(404);

    const list = await api<UserList>("/api/v1/users", { headers: as(owner.accessToken) });
    expect(list.body.users.map((u) => u.email).sort()).toEqual(["grace@invite.example", owner.email].sort());
  });

  it("refuses an address that already has an account, and a role above the inviter's", async () => {
    const team = await teamOfFour("Invite Rules");
    const dup = await api<Problem>("/api/v1/users/invitations", {
      headers: as(team.owner.accessToken),
      body: { email: team.viewer.email, role: "viewer" },
    });
    expect(dup.status).toBe(409);
    expect(dup.body.errors?.[0]?.field).toBe("email");
    const tooHigh = await api("/api/v1/users/invitations", {
      headers: as(team.admin.accessToken),
      body: { email: "new-owner@rules.example", role: "owner" },
    });
    expect(tooHigh.status).toBe(403);
    const badRole = await api<Problem>("/api/v1/users/invitations", {
      headers: as(team.owner.accessToken),
      body: { email: "x@rules.example", role: "superuser" },
    });
    expect(badRole.status).toBe(400);
    expect(badRole.body.errors?.map((e) => e.field)).toEqual(["role"]);
  });

  it("a revoked invitation cannot be accepted", async () => {
    const owner = await signup("Revoke Invite");
    const invited = await api<{ token: string; invitation: { id: string } }>("/api/v1/users/invitations", {
      headers: as(owner.accessToken),
      body: { email: "late@revoke.example", role: "viewer" },
    });
    const revoked = await api(`/api/v1/users/invitations/${invited.body.invitation.id}`, {
      method: "DELETE",
      headers: as(owner.accessToken),
    });
    expect(revoked.status).toBe(204);
    const accept = await api(`/api/v1/invitations/${invited.body.token}/accept`, {
      body: { password: "a password for late" },
    });
    expect(accept.status).toBe(404);
  });
});

describe("roles", () => {
  it("admins manage roles below owner; only an owner grants owner; the last owner stays", async () => {
    const team = await teamOfFour("Roles Co");
    const patch = (token: string, id: string, role: string) =>
      api<{ role: string }>(`/api/v1/users/${id}`, { method: "PATCH", headers: as(token), body: { role } });

    expect((await patch(team.admin.accessToken, team.viewer.id, "operator")).body.role).toBe("operator");
    expect((await patch(team.admin.accessToken, team.viewer.id, "owner")).status).toBe(403);
    expect((await patch(team.admin.accessToken, team.owner.userId, "viewer")).status).toBe(403);
    expect((await patch(team.operator.accessToken, team.viewer.id, "viewer")).status).toBe(403);

    // The sole owner can neither be demoted nor removed…
    const demote = await patch(team.owner.accessToken, team.owner.userId, "admin");
    expect(demote.status).toBe(409);
    const remove = await api(`/api/v1/users/${team.owner.userId}`, {
      method: "DELETE",
      headers: as(team.owner.accessToken),
    });
    expect(remove.status).toBe(409);

    // …until ownership is transferred: a new owner, then the old one steps down.
    expect((await patch(team.owner.accessToken, team.admin.id, "owner")).body.role).toBe("owner");
    expect((await patch(team.admin.accessToken, team.owner.userId, "admin")).body.role).toBe("admin");
    // The demoted user's next request already carries the new role.
    expect(
      (
        await api("/api/v1/tenant", {
          method: "DELETE",
          headers: as(team.owner.accessToken),
          body: { confirm: "x" },
        })
      ).status,
    ).toBe(403);
  });

  it("a removed user's sessions end at once", async () => {
    const owner = await signup("Remove Co");
    const gone = await addUser(owner, "operator");
    expect((await api("/api/v1/auth/me", { headers: as(gone.accessToken) })).status).toBe(200);
    const res = await api(`/api/v1/users/${gone.id}`, { method: "DELETE", headers: as(owner.accessToken) });
    expect(res.status).toBe(204);
    expect((await api("/api/v1/auth/me", { headers: as(gone.accessToken) })).status).toBe(401);
    expect((await api("/api/v1/auth/refresh", { body: { refreshToken: gone.refreshToken } })).status).toBe(
      401,
    );
    expect((await login(gone.email, "a password for the new user")).status).toBe(401);
  });

  it("lists users with cursor pagination, newest first", async () => {
    const owner = await signup("Paging Co");
    for (const role of ["viewer", "viewer", "operator"] as const) await addUser(owner, role);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: UserList } = await api<UserList>(
        `/api/v1/users?limit=2${cursor ? `&cursor=${cursor}` : ""}`,
        { headers: as(owner.accessToken) },
      );
      seen.push(...page.body.users.map((u) => u.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(4);
    expect([...seen].sort().reverse()).toEqual(seen);
    expect(seen[3]).toBe(owner.userId);
  });
});
