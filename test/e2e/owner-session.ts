import { inject } from "vitest";
import { api } from "./browser";

/** The demo owner's API access token, for setting things up the way an admin would. */
export async function ownerToken(): Promise<string> {
  const res = await api<{ accessToken: string }>("/auth/login", {
    method: "POST",
    token: "",
    body: { email: inject("demo").ownerEmail, password: inject("demo").ownerPassword },
  });
  if (res.status !== 200) throw new Error(`owner login failed: ${res.status}`);
  return res.body.accessToken;
}
