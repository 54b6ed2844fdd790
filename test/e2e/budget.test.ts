import { gzipSync } from "node:zlib";
import { describe, expect, inject, it } from "vitest";
import { launchBrowser, newContext, signIn } from "./browser";

const BUDGET_BYTES = 150 * 1024;

/** The overview must stay quick to open: its first-load JavaScript is at most 150 KB gzipped. */
describe("the overview's JavaScript budget", () => {
  it("loads at most 150 KB of gzipped JavaScript on a cold visit", async () => {
    const browser = await launchBrowser();
    try {
      const context = await newContext(browser);
      const setup = await context.newPage();
      await signIn(setup, inject("demo").ownerEmail, inject("demo").ownerPassword);
      await setup.close();

      // A fresh page with an empty memory cache: everything the overview needs comes over the wire.
      const page = await context.newPage();
      const scripts = new Map<string, number>();
      page.on("response", async (res) => {
        if (res.request().resourceType() !== "script") return;
        const body = await res.body().catch(() => null);
        if (body) scripts.set(res.url(), gzipSync(body).length);
      });
      await page.goto("/", { waitUntil: "networkidle" });
      await page.getByTestId("execution-feed").waitFor({ state: "attached" });
      const total = [...scripts.values()].reduce((a, b) => a + b, 0);
      const report = [...scripts].map(([url, n]) => `${(n / 1024).toFixed(1)} KB ${new URL(url).pathname}`);
      console.info(`overview first-load JS: ${(total / 1024).toFixed(1)} KB gzipped\n${report.join("\n")}`);
      expect(scripts.size).toBeGreaterThan(0);
      expect(total).toBeLessThanOrEqual(BUDGET_BYTES);
    } finally {
      await browser.close();
    }
  });
});
