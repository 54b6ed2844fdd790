import { createParser } from "eventsource-parser";
import type { components, WardenClient } from "../shared/client";
import { ApiError, NetworkError, networkReason } from "./errors";
import { apiErrorOf, call, isRetryable, sleep } from "./http";

export type WardenEvent = components["schemas"]["Event"];

export interface Resync {
  oldestSeq: number;
  latestSeq: number;
}

/**
 * A type the log almost never holds. GET /events with a `types` filter answers a short page with
 * `nextAfter` = the latest seq (the skipped events count as read), so filtering on a rare type
 * finds the latest seq in one request, and stays correct (just slower) when it is not rare.
 */
const RARE_TYPE = "webhook.test";
const PAGE = 1000;

/** The seq of the newest event in the tenant's log (0 when it is empty). */
export async function latestSeq(
  client: WardenClient,
  baseUrl: string,
  signal?: AbortSignal,
): Promise<number> {
  let after = 0;
  for (;;) {
    const page = await call(
      () => client.GET("/events", { params: { query: { after, limit: PAGE, types: RARE_TYPE } }, signal }),
      { baseUrl, signal },
    );
    if (page.events.length < PAGE) return page.nextAfter;
    after = page.nextAfter;
  }
}

export interface FollowOptions {
  client: WardenClient;
  baseUrl: string;
  /** Start after this seq; omitted: from the newest event on. */
  after?: number;
  /** Comma-separated types or `category.*`, as the API takes them. */
  types?: string;
  signal: AbortSignal;
  onEvent(event: WardenEvent): void;
  /** The position was older than the log keeps: events in between are gone. */
  onResync?(resync: Resync): void;
  onConnection?(state: { connected: boolean; reason?: string }): void;
}

const MAX_BACKOFF_MS = 10_000;

/**
 * Follows GET /events/stream (server-sent events, read with fetch) until `signal` aborts. A dropped
 * connection is reopened after the last seq seen, so nothing is missed or repeated; errors that
 * cannot pass on their own (401, 403, 400) end the follow by throwing.
 */
export async function followEvents(o: FollowOptions): Promise<void> {
  let after = o.after ?? (await latestSeq(o.client, o.baseUrl, o.signal));
  let failures = 0;
  const parser = createParser({
    onEvent(message) {
      if (message.event === "resync") {
        const resync = JSON.parse(message.data) as Resync;
        // Where the server's cursor now stands (see the stream's description).
        after = after > resync.latestSeq ? resync.latestSeq : resync.oldestSeq - 1;
        o.onResync?.(resync);
        return;
      }
      const event = JSON.parse(message.data) as WardenEvent;
      if (event.seq <= after) return;
      after = event.seq;
      o.onEvent(event);
    },
  });
  while (!o.signal.aborted) {
    let reason: string;
    try {
      const { response, error } = await o.client.GET("/events/stream", {
        params: { query: { after, ...(o.types ? { types: o.types } : {}) } },
        headers: { accept: "text/event-stream" },
        parseAs: "stream",
        signal: o.signal,
      });
      if (!response.ok || !response.body) {
        const err = apiErrorOf(response, error);
        if (!isRetryable(response.status)) throw err;
        reason = `HTTP ${response.status}`;
      } else {
        failures = 0;
        o.onConnection?.({ connected: true });
        parser.reset();
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          parser.feed(value);
        }
        reason = "the stream ended";
      }
    } catch (err) {
      if (o.signal.aborted) return;
      if (err instanceof ApiError) throw err;
      reason = err instanceof NetworkError ? err.reason : networkReason(err);
    }
    failures++;
    o.onConnection?.({ connected: false, reason });
    await sleep(Math.min(MAX_BACKOFF_MS, 250 * 2 ** Math.min(failures, 6)), o.signal);
  }
}
