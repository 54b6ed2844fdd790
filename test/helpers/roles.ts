import { api } from "./api";
import { type SignedUp, signup } from "./identity";

export type RoleName = "viewer" | "operator" | "admin" | "owner";

/** Invites someone with a role and accepts for them; returns their access token and id. */
export async function addUser(
  owner: SignedUp,
  role: RoleName,
  email = `${role}-${crypto.randomUUID().slice(0, 8)}@${owner.slug}.example`,
): Promise<{ id: string; email: string; accessToken: string; refreshToken: string }> {
  const invited = await api<{ token: string }>("/api/v1/users/invitations", {
    headers: { authorization: `Bearer ${owner.accessToken}` },
    body: { email, role },
  });
  if (invited.status !== 201)
    throw new Error(`invite failed: ${invited.status} ${JSON.stringify(invited.body)}`);
  const accepted = await api<{ accessToken: string; refreshToken: string; user: { id: string } }>(
    `/api/v1/invitations/${invited.body.token}/accept`,
    { body: { password: "a password for the new user" } },
  );
  if (accepted.status !== 201)
    throw new Error(`accept failed: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  return {
    id: accepted.body.user.id,
    email,
    accessToken: accepted.body.accessToken,
    refreshToken: accepted.body.refreshToken,
  };
}

/** Creates an API key with exactly these scopes, using the owner's session. */
export async function addKey(
  owner: SignedUp,
  scopes: string[],
  name = scopes.join(" "),
): Promise<{ id: string; key: string }> {
  const res = await api<{ apiKey: { id: string }; key: string }>("/api/v1/api-keys", {
    headers: { authorization: `Bearer ${owner.accessToken}` },
    body: { name, scopes },
  });
  if (res.status !== 201) throw new Error(`key creation failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.apiKey.id, key: res.body.key };
}

/** A tenant with one signed-in user per role. */
export async function teamOfFour(organization = "Team") {
  const owner = await signup(organization);
  const [admin, operator, viewer] = await Promise.all([
    addUser(owner, "admin"),
    addUser(owner, "operator"),
    addUser(owner, "viewer"),
  ]);
  return { owner, admin, operator, viewer };
}
