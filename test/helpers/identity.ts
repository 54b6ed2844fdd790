import { api } from "./api";

export interface SignedUp {
  tenantId: string;
  slug: string;
  userId: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
}

let counter = 0;

/** A fresh tenant through self-service signup; its owner is signed in. */
export async function signup(organization = "Acme"): Promise<SignedUp> {
  counter += 1;
  const email = `owner-${Date.now().toString(36)}-${counter}@${organization.toLowerCase().replace(/[^a-z0-9]+/g, "")}.example`;
  const password = "correct horse battery staple";
  const res = await api<{
    accessToken: string;
    refreshToken: string;
    user: { id: string };
    tenant: { id: string; slug: string };
  }>("/api/v1/signup", { body: { organization, email, password } });
  if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${JSON.stringify(res.body)}`);
  return {
    tenantId: res.body.tenant.id,
    slug: res.body.tenant.slug,
    userId: res.body.user.id,
    email,
    password,
    accessToken: res.body.accessToken,
    refreshToken: res.body.refreshToken,
  };
}

/** Signs in with a password; returns the session body. */
export async function login(email: string, password: string) {
  return api<{ accessToken: string; refreshToken: string; user: { id: string; role: string } }>(
    "/api/v1/auth/login",
    { body: { email, password } },
  );
}
