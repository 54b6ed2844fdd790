import { exports } from "cloudflare:workers";
import type { EventEnvelope } from "../../shared/events";
import type { ControlMessage } from "../../shared/live-protocol";
import { api, waitFor } from "./api";

const ORIGIN = "https://warden.test";

/** A real WebSocket client of GET /ws, recording everything the server sends. */
export interface LiveClient {
  ws: WebSocket;
  events: EventEnvelope[];
  controls: ControlMessage[];
  /** Raw text of every message, in arrival order (frames included). */
  messages: string[];
  closed: Promise<{ code: number; reason: string }>;
  /** Waits until an event with this seq (or later) has arrived. */
  waitForSeq(seq: number, timeoutMs?: number): Promise<EventEnvelope[]>;
  close(): void;
}

export async function openSocket(
  query = "",
  { key, headers = {} }: { key?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; client: LiveClient | null; body: string }> {
  const res = await exports.default.fetch(
    new Request(`${ORIGIN}/api/v1/ws${query}`, {
      headers: { upgrade: "websocket", ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
    }),
  );
  const ws = res.webSocket;
  if (!ws) return { status: res.status, client: null, body: await res.text() };
  const client: LiveClient = {
    ws,
    events: [],
    controls: [],
    messages: [],
    closed: new Promise((resolve) =>
      ws.addEventListener("close", (e) => resolve({ code: e.code, reason: e.reason })),
    ),
    waitForSeq: (seq, timeoutMs = 10_000) =>
      waitFor(
        async () => ((client.events[client.events.length - 1]?.seq ?? 0) >= seq ? client.events : undefined),
        { timeoutMs, intervalMs: 20, what: `event seq ${seq} on the socket` },
      ),
    close: () => ws.close(1000, "done"),
  };
  ws.addEventListener("message", (e) => {
    const text = typeof e.data === "string" ? e.data : new TextDecoder().decode(e.data as ArrayBuffer);
    client.messages.push(text);
    if (text === "pong") return;
    const parsed = JSON.parse(text) as EventEnvelope[] | ControlMessage;
    if (Array.isArray(parsed)) client.events.push(...parsed);
    else client.controls.push(parsed);
  });
  ws.accept();
  return { status: res.status, client, body: "" };
}

/** The tenant's log after a seq, as GET /events returns it: the truth a stream is checked against. */
export async function logAfter(key: string, after: number): Promise<EventEnvelope[]> {
  const res = await api<{ events: EventEnvelope[] }>(`/api/v1/events?after=${after}&limit=1000`, { key });
  return res.body.events;
}

export async function latestSeq(key: string): Promise<number> {
  const res = await api<{ lastSeq: number }>("/api/v1/governance/state", { key });
  return res.body.lastSeq;
}

/** No message for a while: the quiet a "nothing arrives" assertion needs. */
export function settle(ms = 300): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
