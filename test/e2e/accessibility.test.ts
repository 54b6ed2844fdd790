import { createRequire } from "node:module";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { demoOwnerPage, launchBrowser, newContext } from "./browser";

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

interface AxeResult {
  violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
}

/** axe-core's WCAG 2.1 A and AA rules (labels, names, contrast, structure) on the page as it is. */
async function wcagViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axePath });
  const result = (await page.evaluate(() =>
    (globalThis as unknown as { axe: { run(o: unknown): Promise<unknown> } }).axe.run({
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    }),
  )) as AxeResult;
  return result.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes
        .map((n) => n.target.join(" "))
        .slice(0, 3)
        .join(", ")}`,
  );
}

const PAGES = [
  "/",
  "/agents",
  "/tasks",
  "/governance",
  "/analytics",
  "/settings",
  "/settings/users",
  "/settings/api-keys",
  "/settings/webhooks",
  "/settings/tenant",
  "/audit",
];

/**
 * Every main page, in both themes, passes axe-core's WCAG 2.1 AA rules, and fits a 768 px wide
 * window without scrolling sideways.
 */
describe("accessibility and narrow windows", () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchBrowser();
    page = await demoOwnerPage(browser);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("has no WCAG 2.1 AA violations on the signed-out pages", async () => {
    const fresh = await (await newContext(browser)).newPage();
    for (const path of ["/login", "/signup"]) {
      await fresh.goto(path);
      expect(await wcagViolations(fresh), path).toEqual([]);
    }
  });

  for (const theme of ["dark", "light"] as const)
    it(`has no WCAG 2.1 AA violations on any main page in the ${theme} theme`, async () => {
      await page
        .context()
        .addCookies([{ name: "warden_theme", value: theme, url: inject("dashboardOrigin") }]);
      const found: Record<string, string[]> = {};
      for (const path of PAGES) {
        await page.goto(path);
        await page.getByRole("heading", { level: 1 }).first().waitFor();
        const violations = await wcagViolations(page);
        if (violations.length) found[path] = violations;
      }
      expect(found).toEqual({});
    });

  it("fits every main page in a 768 px wide window", async () => {
    await page.setViewportSize({ width: 768, height: 900 });
    const overflowing: Record<string, string> = {};
    for (const path of PAGES) {
      await page.goto(path);
      await page.getByRole("heading", { level: 1 }).first().waitFor();
      // How far the page scrolls sideways, and the outermost elements that stick out (to fix them).
      const overflow = await page.evaluate(() => {
        type El = {
          getBoundingClientRect(): { right: number };
          tagName: string;
          className: string;
          parentElement: El | null;
        };
        const doc = (
          globalThis as unknown as {
            document: {
              documentElement: { scrollWidth: number; clientWidth: number };
              querySelectorAll(s: string): El[];
            };
          }
        ).document;
        const width = doc.documentElement.clientWidth;
        const out = [...doc.querySelectorAll("main *")].filter(
          (e) =>
            e.getBoundingClientRect().right > width + 1 &&
            !(e.parentElement && e.parentElement.getBoundingClientRect().right > width + 1),
        );
        return {
          by: doc.documentElement.scrollWidth - width,
          culprits: out.slice(0, 3).map((e) => `${e.tagName}.${e.className}`),
        };
      });
      if (overflow.by > 0) overflowing[path] = `${overflow.by}px: ${overflow.culprits.join(", ")}`;
    }
    expect(overflowing).toEqual({});
  });
});
