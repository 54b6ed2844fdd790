import { describe, expect, it } from "vitest";
import { api } from "../helpers/api";
import { signup } from "../helpers/identity";

const DASHBOARD_KEY = "test-dashboard-key-4f1c9a";

/**
 * The dashboard's server signs every browser in from its own address. It forwards the browser's
 * address with the key it shares with the API; only then does the API count failures against the
 * browser's address instead of the dashboard's.
 */
describe("client address forwarded by the dashboard", () => {
  const viaDashboard = (browser: string, email: string, password: string, key = DASHBOARD_KEY) =>
    api("/api/v1/auth/login", {
      body: { email, password },
      headers: {
        "cf-connecting-ip": "192.0.2.80", // the dashboard's own address, the same for everyone
        "x-warden-client-address": browser,
        "x-warden-dashboard-key": key,
      },
    });

  it("locks the browser that sprays passwords, not every user of the dashboard", async () => {
    const victim = await signup("Forwarded Co");
    for (let i = 0; i < 20; i++)
      expect(
        (await viaDashboard("203.0.113.50", `nobody-${i}@fwd.example`, "guess guess guess")).status,
      ).toBe(401);
    expect((await viaDashboard("203.0.113.50", victim.email, victim.password)).status).toBe(429);
    // Another browser behind the same dashboard signs in normally.
    expect((await viaDashboard("198.51.100.20", victim.email, victim.password)).status).toBe(200);
  });

  it("ignores a forwarded address without the shared key", async () => {
    const victim = await signup("Spoof Co");
    for (let i = 0; i < 20; i++)
      expect(
        (await viaDashboard(`198.18.0.${i}`, `nobody-${i}@spoof.example`, "guess guess guess", "wrong-key"))
          .status,
      ).toBe(401);
    // Rotating the claimed address did not help: the real address (192.0.2.80) is the one locked.
    expect((await viaDashboard("198.18.1.1", victim.email, victim.password, "wrong-key")).status).toBe(429);
  });
});
