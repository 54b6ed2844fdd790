import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, newContext, screenshot, signIn, waitLive } from "./browser";

/**
 * The operator's first hour, in a real browser: sign up, sign in, register agents, upload a CSV
 * batch, watch the overview update live as tasks complete, see the failing agent suppressed in
 * the alert banner, override its trust with a reason, and find that action in the audit log.
 */
describe("an operator's journey through the dashboard", () => {
  let browser: Browser;
  let page: Page;
  const email = `ops-${Date.now().toString(36)}@journey.example.com`;
  const password = "correct horse battery staple";
  const reason = `Reviewed upstream logs: fault fixed (${Date.now().toString(36)})`;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await (await newContext(browser)).newPage();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("signs up an organization, signs out, and signs back in", async () => {
    await page.goto("/signup");
    await screenshot(page, "signup");
    await page.getByLabel("Organization").fill("Journey Labs");
    await page.getByLabel("Your name").fill("Olivia Ops");
    await page.getByLabel("Work email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Create organization" }).click();
    await page.waitForURL((url) => url.pathname === "/");
    await expect(page.getByTestId("whoami").textContent()).resolves.toContain(email);

    await page.getByRole("button", { name: "Log out" }).click();
    await page.waitForURL(/\/login/);
    await screenshot(page, "login");
    // Signed out means signed out: the overview sends us back to the login page.
    await page.goto("/");
    expect(new URL(page.url()).pathname).toBe("/login");

    await signIn(page, email, password);
    await waitLive(page);
  });

  it("registers a reliable pair of agents and one that fails every task", async () => {
    await page.goto("/agents");
    for (const [name, rate] of [
      ["steady-ada", "1"],
      ["steady-bo", "1"],
      ["flaky-fox", "0"],
    ] as const) {
      await page.getByLabel("Name", { exact: true }).fill(name);
      await page.getByLabel("Kind").selectOption("simulated");
      await page.getByLabel("Capabilities").fill("general");
      await page.getByLabel("Success rate").fill(rate);
      await page.getByRole("button", { name: "Register agent" }).click();
      await page.getByRole("link", { name, exact: true }).first().waitFor();
    }
    await screenshot(page, "agents");
  });

  it("refuses a CSV with a bad row before sending anything, then sends a good one", async () => {
    await page.goto("/tasks");
    await page.getByLabel("Batch file (CSV or JSON)").setInputFiles({
      name: "bad.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("impact,urgency,risk,capabilities\n0.5,0.5,0.1,general\n1.7,0.5,0.1,general\n"),
    });
    const errors = page.getByTestId("batch-errors");
    await expect(errors.textContent()).resolves.toMatch(/impact/);
    await expect(page.getByRole("button", { name: /Send 2 tasks/ }).isDisabled()).resolves.toBe(true);

    const rows = Array.from({ length: 30 }, (_, i) => `0.${(i % 9) + 1},0.5,0.${i % 3},general`);
    await page.getByLabel("Batch file (CSV or JSON)").setInputFiles({
      name: "batch.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(`impact,urgency,risk,capabilities\n${rows.join("\n")}\n`),
    });
    await page.getByTestId("batch-preview").waitFor();
    await page.getByRole("button", { name: "Send 30 tasks" }).click();
    await page.getByTestId("batch-progress").waitFor();
    await screenshot(page, "tasks");
  });

  it("updates the overview live as tasks complete and raises the suppression in the alert banner", async () => {
    await page.goto("/");
    await waitLive(page);
    // A marker on the window proves that what follows arrives without a reload.
    await page.evaluate(() => {
      (globalThis as unknown as { journeyMarker: number }).journeyMarker = 1;
    });
    const feed = page.getByTestId("execution-feed").locator("li");
    const before = await feed.count();

    const more = Array.from({ length: 20 }, (_, i) => `0.${(i % 9) + 1},0.6,0.1,general`);
    const tasksPage = await page.context().newPage();
    await tasksPage.goto("/tasks");
    await tasksPage.getByLabel("Batch file (CSV or JSON)").setInputFiles({
      name: "more.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(`impact,urgency,risk,capabilities\n${more.join("\n")}\n`),
    });
    await tasksPage.getByRole("button", { name: "Send 20 tasks" }).click();
    await tasksPage.getByTestId("batch-progress").waitFor();

    await expect.poll(() => feed.count(), { timeout: 60_000 }).toBeGreaterThan(before);
    const banner = page.getByTestId("alert-banner");
    await banner
      .getByText(/flaky-fox/)
      .first()
      .waitFor({ timeout: 60_000 });
    await expect(banner.textContent()).resolves.toMatch(/suppress/i);
    await expect(
      page.evaluate(() => (globalThis as unknown as { journeyMarker?: number }).journeyMarker),
    ).resolves.toBe(1);
    await screenshot(page, "overview");
    await tasksPage.close();
  });

  it("overrides the failing agent's trust with a reason, after confirmation", async () => {
    await page.getByTestId("agent-health").getByRole("link", { name: "flaky-fox" }).click();
    await page.getByRole("heading", { level: 1 }).getByText("flaky-fox").waitFor();
    await page.getByRole("button", { name: "Override trust" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel(/trust/i).first().fill("0.55");
    await dialog.getByLabel("Reason (kept in the audit log)").fill(reason);
    await dialog.getByRole("button", { name: "Confirm" }).click();
    await page.getByRole("status").getByText(/trust/i).first().waitFor();
    await screenshot(page, "agent-detail");
  });

  it("finds that override, with its reason, in the audit log", async () => {
    await page.goto("/audit");
    await page.getByText(reason).first().waitFor();
    await expect(page.getByTestId("audit-verify").textContent()).resolves.toMatch(/verified/i);
    await screenshot(page, "audit");
  });

  it("shows the governance, analytics and settings pages", async () => {
    for (const [path, name] of [
      ["/governance", "governance"],
      ["/analytics", "analytics"],
      ["/settings", "settings"],
      ["/settings/api-keys", "settings-api-keys"],
      ["/settings/webhooks", "settings-webhooks"],
    ] as const) {
      await page.goto(path);
      await page.getByRole("heading", { level: 1 }).waitFor();
      await screenshot(page, name);
    }
  });
});
