import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { backoffDelay } from "../../../dashboard/app/lib/live/backoff";
import { LiveConnection, type LiveStatus } from "../../../dashboard/app/lib/live/live-connection";

/**
 * A real WebSocket server standing in for the API's /ws: it serves a growing event log, replays
 * after `?after=`, and can drop every socket — the way a deploy or a flaky network would.
 */
function eventServer() {
  const log: { seq: number; type: string }[] = [];
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  const afters: (string | null)[] = [];
  wss.on("connection", (socket, req) => {
    const after = new URL(req.url ?? "/", "http://x").searchParams.get("after");
    afters.push(after);
    // Replays overlap on purpose: the client must drop seqs it has already delivered.
    const from = after === null ? log.length : Math.max(0, Number(after) - 2);
    const missed = log.filter((e) => e.seq > from);
    if (missed.length) socket.send(JSON.stringify(missed));
  });
  const url = () => `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/api/v1/ws?ticket=t`;
  return {
    wss,
    afters,
    url,
    emit(n: number) {
      const batch = Array.from({ length: n }, (_, i) => ({
        seq: log.length + i + 1,
        type: "task.completed",
      }));
      log.push(...batch);
      for (const c of wss.clients) c.send(JSON.stringify(batch));
      return batch;
    },
    dropAll() {
      for (const c of wss.clients) c.terminate();
    },
    close: () => new Promise<void>((r) => wss.close(() => r())),
  };
}

const until = async (cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe("LiveConnection", () => {
  let server: ReturnType<typeof eventServer>;
  afterEach(async () => {
    await server?.close();
  });

  it("delivers every event once and in order across dropped connections, resuming from the last seq", async () => {
    server = eventServer();
    const seen: number[] = [];
    const statuses: LiveStatus[] = [];
    const conn = new LiveConnection({
      ticketUrl: async () => server.url(),
      onEvents: (events) => seen.push(...events.map((e) => e.seq)),
      onResync: () => {},
      onStatus: (s) => statuses.push(s),
    });
    conn.start();
    await until(() => statuses.includes("live"));
    server.emit(5);
    await until(() => seen.length === 5);

    server.dropAll();
    // Events happen while the client is away…
    await until(() => statuses.at(-1) === "reconnecting");
    server.emit(7);
    // …and arrive after it reconnects with ?after=5, with no duplicates of the overlap.
    await until(() => seen.length === 12, 10_000);
    server.dropAll();
    await until(() => server.afters.length === 3, 10_000);
    await until(() => statuses.at(-1) === "live");
    server.emit(3);
    await until(() => seen.length === 15);
    conn.stop();

    expect(seen).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    expect(server.afters).toEqual([null, "5", "12"]);
    expect(statuses.at(-1)).toBe("offline");
  });

  it("asks for state again when the server says events were lost", async () => {
    server = eventServer();
    let resyncs = 0;
    const conn = new LiveConnection({
      ticketUrl: async () => server.url(),
      onEvents: () => {},
      onResync: () => resyncs++,
      onStatus: () => {},
    });
    server.wss.on("connection", (socket) =>
      socket.send(JSON.stringify({ type: "resync", oldestSeq: 40, latestSeq: 90 })),
    );
    conn.start();
    await until(() => resyncs === 1);
    expect(conn.lastSeq).toBe(39);
    conn.stop();
  });
});

describe("backoffDelay", () => {
  it("grows exponentially, stays within [ceiling/2, ceiling], and caps at 30 s", () => {
    expect(backoffDelay(0, () => 0)).toBe(250);
    expect(backoffDelay(0, () => 1)).toBe(500);
    expect(backoffDelay(3, () => 0.5)).toBe(3000);
    expect(backoffDelay(20, () => 1)).toBe(30_000);
    expect(backoffDelay(20, () => 0)).toBe(15_000);
  });
});
