import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { api, demoOwnerPage, launchBrowser, waitLive } from "./browser";

interface Envelope {
  seq: number;
}

/**
 * The dashboard's one socket survives dropped connections: after each drop it reconnects,
 * resumes from the last seq it saw, and the page receives every event exactly once, in order.
 */
describe("the live feed across dropped connections", () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchBrowser();
    page = await demoOwnerPage(browser);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("delivers every event once, without gaps, while the socket is dropped twice", async () => {
    const key = inject("demo").apiKey;
    await page.evaluate(() => {
      const w = globalThis as unknown as { __wardenLive: { tap: unknown; lastSeq: number }; seen: number[] };
      w.seen = [];
      w.__wardenLive.tap = (events: { seq: number }[]) => w.seen.push(...events.map((e) => e.seq));
    });
    const startSeq = await page.evaluate(
      () => (globalThis as unknown as { __wardenLive: { lastSeq: number } }).__wardenLive.lastSeq,
    );

    const tasks = Array.from({ length: 60 }, (_, i) => ({
      impact: 0.5,
      urgency: 0.5,
      risk: (i % 3) / 10,
      capabilities: ["general"],
    }));
    const batch = await api<{ taskIds: string[] }>("/tasks/batch", {
      method: "POST",
      token: key,
      headers: { "Idempotency-Key": `live-feed-${Date.now()}` },
      body: { tasks },
    });
    expect(batch.status).toBe(202);

    for (let drop = 0; drop < 2; drop++) {
      await new Promise((r) => setTimeout(r, 300));
      await page.evaluate(() =>
        (globalThis as unknown as { __wardenLive: { drop(): void } }).__wardenLive.drop(),
      );
      await waitLive(page);
    }

    // Wait until the batch is done, then until the page has caught up with the log.
    const ids = new Set(batch.body.taskIds);
    await expect
      .poll(
        async () => {
          const statuses = await Promise.all(
            [...ids].map((id) => api<{ status: string }>(`/tasks/${id}`, { token: key })),
          );
          return statuses.filter((t) => ["succeeded", "failed", "cancelled"].includes(t.body.status)).length;
        },
        { timeout: 60_000, interval: 500 },
      )
      .toBe(ids.size);
    const log = await api<{ events: Envelope[] }>(`/events?after=${startSeq}&limit=1000`, { token: key });
    const expected = log.body.events.map((e) => e.seq);
    await expect
      .poll(() => page.evaluate(() => (globalThis as unknown as { seen: number[] }).seen.length), {
        timeout: 20_000,
      })
      .toBeGreaterThanOrEqual(expected.length);
    const seen = await page.evaluate(() => (globalThis as unknown as { seen: number[] }).seen);
    expect(seen.slice(0, expected.length)).toEqual(expected);
    expect(new Set(seen).size).toBe(seen.length);
  });
});
