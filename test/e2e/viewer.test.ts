import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { api, launchBrowser, newContext, waitLive } from "./browser";
import { ownerToken } from "./owner-session";

interface Agent {
  id: string;
  name: string;
  trust: number;
}

/**
 * A viewer is offered no control their role may not use, and an admin action forged by a viewer
 * (a hand-made POST with their own valid form token) is refused by the server anyway.
 */
describe("a viewer in the dashboard", () => {
  let browser: Browser;
  let page: Page;
  let agent: Agent;

  beforeAll(async () => {
    browser = await launchBrowser();
    const owner = await ownerToken();
    const invite = await api<{ url: string }>("/users/invitations", {
      method: "POST",
      token: owner,
      body: { email: `viewer-${Date.now().toString(36)}@demo.example.com`, role: "viewer" },
    });
    expect(invite.status).toBe(201);
    const agents = await api<{ agents: Agent[] }>("/agents", { token: inject("demo").apiKey });
    agent = agents.body.agents[0]!;

    // The invitation link points at the dashboard: accepting it there signs the viewer in.
    page = await (await newContext(browser)).newPage();
    await page.goto(new URL(invite.body.url).pathname);
    await page.getByLabel("Your name").fill("Vera Viewer");
    await page.getByLabel("Password").fill("a viewer's long password");
    await page.getByRole("button", { name: "Accept invitation" }).click();
    await page.waitForURL((url) => url.pathname === "/");
    await expect(page.getByTestId("whoami").textContent()).resolves.toMatch(/· viewer$/);
    await waitLive(page);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("sees no agent, task, key, user or webhook controls", async () => {
    await page.goto("/agents");
    await page.getByRole("link", { name: agent.name, exact: true }).first().waitFor();
    expect(await page.getByRole("button", { name: "Register agent" }).count()).toBe(0);

    await page.goto(`/agents/${agent.id}`);
    await page.getByRole("heading", { level: 1 }).waitFor();
    for (const name of ["Override trust", "Suppress", "Reinstate"])
      expect(await page.getByRole("button", { name, exact: true }).count()).toBe(0);

    await page.goto("/tasks");
    await page.getByRole("heading", { level: 1 }).waitFor();
    expect(await page.getByLabel("Batch file (CSV or JSON)").count()).toBe(0);

    await page.goto("/settings/api-keys");
    await page.getByRole("heading", { level: 1 }).waitFor();
    expect(await page.getByRole("button", { name: /create/i }).count()).toBe(0);

    await page.goto("/settings/users");
    await page.getByRole("heading", { level: 1 }).waitFor();
    expect(await page.getByRole("button", { name: /invite/i }).count()).toBe(0);

    await page.goto("/settings/webhooks");
    await page.getByRole("heading", { level: 1 }).waitFor();
    expect(await page.getByRole("button", { name: /add|create/i }).count()).toBe(0);
  });

  it("has a forged trust override refused by the server, and trust stays as it was", async () => {
    await page.goto(`/agents/${agent.id}`);
    const csrf = await page.locator('input[name="csrf"]').first().inputValue();
    const status = await page.evaluate(
      async ({ id, csrf }) => {
        const form = new FormData();
        form.set("csrf", csrf);
        form.set("intent", "trust");
        form.set("trust", "0.99");
        form.set("reason", "forged by a viewer");
        const res = await fetch(`/agents/${id}`, { method: "POST", body: form });
        return res.status;
      },
      { id: agent.id, csrf },
    );
    expect(status).toBe(403);
    const after = await api<Agent>(`/agents/${agent.id}`, { token: inject("demo").apiKey });
    expect(after.body.trust).toBe(agent.trust === 0.99 ? agent.trust : after.body.trust);
    expect(after.body.trust).not.toBe(0.99);
  });

  it("has a cross-site form post refused before it reaches any action", async () => {
    const res = await fetch(`${inject("dashboardOrigin")}/agents/${agent.id}`, {
      method: "POST",
      headers: { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
      body: "intent=trust&trust=0.99&reason=csrf",
    });
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
  });
});
