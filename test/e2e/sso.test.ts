import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { REAL_CLIENT } from "../helpers/oidc-constants";
import { api, launchBrowser, newContext } from "./browser";

/**
 * "Sign in with SSO" from the dashboard, through a real OpenID provider's own login and consent
 * pages: the dashboard → the API's start → the provider → the API's callback → back to the
 * dashboard with a one-time code, exchanged server-side for a session.
 */
describe("SSO sign-in from the dashboard", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
    const owner = await api<{ accessToken: string }>("/auth/login", {
      method: "POST",
      token: "",
      body: { email: inject("demo").ownerEmail, password: inject("demo").ownerPassword },
    });
    const put = await api("/sso", {
      method: "PUT",
      token: owner.body.accessToken,
      body: {
        issuer: inject("e2eOidcIssuer"),
        clientId: REAL_CLIENT.clientId,
        clientSecret: REAL_CLIENT.clientSecret,
        allowedDomains: ["sso-e2e.example.com"],
        defaultRole: "operator",
      },
    });
    expect([200, 201]).toContain(put.status);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("signs a new user in by work email, provisioning them at the default role", async () => {
    const page = await (await newContext(browser)).newPage();
    await page.goto("/login");
    await page.getByLabel("Work email or organization slug").fill("grace@sso-e2e.example.com");
    await page.getByRole("button", { name: "Sign in with SSO" }).click();

    // The provider's own pages (oidc-provider's development login and consent forms).
    await page.waitForURL((url) => url.origin === inject("e2eOidcIssuer"));
    await page.locator('input[name="login"]').fill("grace@sso-e2e.example.com");
    await page.locator('input[name="password"]').fill("anything");
    await page.locator('button[type="submit"]').click();
    await page.locator('button[type="submit"]').click();

    await page.waitForURL((url) => url.origin === inject("dashboardOrigin") && url.pathname === "/");
    await expect(page.getByTestId("whoami").textContent()).resolves.toBe(
      "grace@sso-e2e.example.com · operator",
    );
  });

  it("refuses a code that this browser did not ask for", async () => {
    const page = await (await newContext(browser)).newPage();
    await page.goto("/sso/complete?flow=someone-elses&code=stolen");
    expect(new URL(page.url()).pathname).toBe("/login");
    await expect(page.getByRole("alert").textContent()).resolves.toMatch(/not started in this browser/);
  });

  it("explains an organization without SSO on the login page", async () => {
    const page = await (await newContext(browser)).newPage();
    await page.goto("/login");
    await page.getByLabel("Work email or organization slug").fill("no-such-organization");
    await page.getByRole("button", { name: "Sign in with SSO" }).click();
    await page.waitForURL(/sso_error=/);
    await expect(page.getByRole("alert").textContent()).resolves.toMatch(/SSO/);
  });
});
