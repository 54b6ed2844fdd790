import { existsSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { inject } from "vitest";

/** Debian's Chromium, headless, with nothing reaching out to the network on its own. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(executablePath))
    throw new Error(
      `No Chromium at ${executablePath}: install Debian's (apt-get install chromium), as .ci/run does.`,
    );
  return chromium.launch({
    executablePath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

export async function newContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: 1360, height: 900 },
    baseURL: inject("dashboardOrigin"),
  });
  context.setDefaultTimeout(20_000);
  return context;
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((url) => url.pathname === "/");
}

const SHOTS = fileURLToPath(new URL("../../docs/screenshots/", import.meta.url));

/** The README links these: each main page as the run saw it. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: false });
}

/** Calls the API directly (as a key or a user token), for setup and for checking what the UI did. */
export async function api<T = unknown>(
  path: string,
  init: { method?: string; token: string; body?: unknown; headers?: Record<string, string> },
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${inject("apiOrigin")}/api/v1${path}`, {
    method: init.method ?? "GET",
    headers: {
      authorization: `Bearer ${init.token}`,
      ...(init.body !== undefined ? { "content-type": "application/json" } : {}),
      ...init.headers,
    },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/** Waits for the page to hold a live socket (the indicator says "Live"). */
export async function waitLive(page: Page): Promise<void> {
  await page.getByTestId("live-indicator").getByText("Live", { exact: true }).waitFor();
}

/** A page signed in as the demo tenant's owner, holding a live socket. */
export async function demoOwnerPage(browser: Browser): Promise<Page> {
  const page = await (await newContext(browser)).newPage();
  await signIn(page, inject("demo").ownerEmail, inject("demo").ownerPassword);
  await waitLive(page);
  return page;
}
