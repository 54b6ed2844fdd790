import type { EventFilter } from "../shared/event-filter";
import type { EventEnvelope } from "../shared/events";
import type { HubStore } from "./hub-store";
import { keptWindow } from "./socket-fanout";

/** A page of the event log for GET /events. */
export interface EventPage {
  events: EventEnvelope[];
  nextAfter: number;
}

/** For the SSE stream: events after a seq, and the kept window so a too-old `after` is told to resync. */
export interface EventWindow {
  events: EventEnvelope[];
  oldestSeq: number;
  latestSeq: number;
}

export function eventPage(store: HubStore, after: number, limit: number, filter: EventFilter): EventPage {
  const events = store.eventsAfter(after, limit, filter);
  const last = events[events.length - 1];
  // A short filtered page has seen every event up to the latest: the next poll starts there.
  if (filter && events.length < limit) return { events, nextAfter: Math.max(after, store.latestSeq) };
  return { events, nextAfter: last ? last.seq : after };
}

export function eventWindow(store: HubStore, after: number, limit: number): EventWindow {
  return { events: store.eventsAfter(after, limit), ...keptWindow(store) };
}
