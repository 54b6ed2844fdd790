import type { EventWindow } from "../durable-objects/event-pages";
import type { TenantHub } from "../durable-objects/tenant-hub";
import { type EventFilter, matchesFilter } from "../shared/event-filter";
import type { EventEnvelope } from "../shared/events";
import type { ResyncMessage } from "../shared/live-protocol";

/** Polling the hub is simple and cheap (one indexed read); 250 ms bounds the added latency. */
const POLL_MS = 250;
const HEARTBEAT_MS = 15_000;
const PAGE = 500;

const encoder = new TextEncoder();

function eventText(e: EventEnvelope): string {
  return `id: ${e.seq}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`;
}

function resyncText(m: ResyncMessage): string {
  return `event: resync\ndata: ${JSON.stringify(m)}\n\n`;
}

/**
 * The RPC stub types `data: Record<string, unknown>` as unserialisable (`never`); the envelope is
 * plain JSON, so the value that arrives is exactly an EventWindow.
 */
export async function readWindow(
  hub: DurableObjectStub<TenantHub>,
  after: number,
  limit: number,
): Promise<EventWindow> {
  return (await hub.eventWindow(after, limit)) as unknown as EventWindow;
}

/**
 * Server-sent events after `after`: every event the filter matches, with its seq as the `id:`
 * so a reconnecting EventSource resumes through `Last-Event-ID`. The stream pulls: nothing is
 * read from the hub faster than the client reads the stream.
 */
export function eventStream(
  hub: DurableObjectStub<TenantHub>,
  after: number,
  filter: EventFilter,
): ReadableStream<Uint8Array> {
  let cursor = after;
  let lastWrite = Date.now();
  let cancelled = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      // Sent at once so clients (and proxies) see the stream open before the first event.
      controller.enqueue(encoder.encode("retry: 2000\n: connected\n\n"));
    },
    async pull(controller) {
      while (!cancelled) {
        const window = await readWindow(hub, cursor, PAGE);
        let text = "";
        if (cursor > window.latestSeq || cursor + 1 < window.oldestSeq) {
          text += resyncText({ type: "resync", oldestSeq: window.oldestSeq, latestSeq: window.latestSeq });
          cursor = cursor > window.latestSeq ? window.latestSeq : window.oldestSeq - 1;
        } else {
          for (const e of window.events) if (matchesFilter(filter, e.type)) text += eventText(e);
          cursor = window.events[window.events.length - 1]?.seq ?? cursor;
        }
        if (!text && Date.now() - lastWrite >= HEARTBEAT_MS) text = ": keep-alive\n\n";
        if (text) {
          controller.enqueue(encoder.encode(text));
          lastWrite = Date.now();
          return;
        }
        if (window.events.length < PAGE) await new Promise((r) => setTimeout(r, POLL_MS));
      }
    },
    cancel() {
      cancelled = true;
    },
  });
}
