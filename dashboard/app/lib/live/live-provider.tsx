import { useRevalidator } from "@remix-run/react";
import { createContext, useContext, useEffect, useRef, useState } from "react";
import type { EventEnvelope } from "../../../../shared/events";
import { LiveConnection, type LiveStatus } from "./live-connection";
import { matchesType } from "./match-type";

type Listener = (events: EventEnvelope[]) => void;

interface LiveContextValue {
  status: LiveStatus;
  subscribe: (listener: Listener) => () => void;
  /** Drop the socket now (it reconnects and resumes) — for the indicator's "reconnect". */
  reconnect: () => void;
  lastSeq: () => number;
}

const LiveContext = createContext<LiveContextValue | null>(null);

/** Asks the dashboard's server for a single-use ticket and returns the socket URL. */
async function ticketUrl(): Promise<string> {
  const res = await fetch("/live/ticket", { method: "POST", headers: { Accept: "application/json" } });
  if (!res.ok) throw new Error(`ticket ${res.status}`);
  const body = (await res.json()) as { url: string };
  return body.url;
}

/**
 * One WebSocket per tab, shared by every page through context. Pages subscribe to the events
 * they render; a resync (events lost) revalidates the loaders so pages reload their state.
 */
export function LiveProvider({ after, children }: { after: number; children: React.ReactNode }) {
  const [status, setStatus] = useState<LiveStatus>("connecting");
  const listeners = useRef(new Set<Listener>());
  const conn = useRef<LiveConnection | null>(null);
  const revalidator = useRef(useRevalidator());

  // The connection lives as long as the signed-in shell; `after` only seeds it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: opened once per shell
  useEffect(() => {
    const c = new LiveConnection({
      after,
      ticketUrl,
      onStatus: setStatus,
      onEvents: (events) => {
        for (const l of listeners.current) l(events);
      },
      onResync: () => revalidator.current.revalidate(),
    });
    conn.current = c;
    c.start();
    if (typeof window !== "undefined")
      (window as unknown as { __wardenLive?: LiveConnection }).__wardenLive = c;
    return () => c.stop();
  }, []);

  const value: LiveContextValue = {
    status,
    subscribe: (l) => {
      listeners.current.add(l);
      return () => listeners.current.delete(l);
    },
    reconnect: () => conn.current?.drop(),
    lastSeq: () => conn.current?.lastSeq ?? after,
  };
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

export function useLive(): LiveContextValue {
  const ctx = useContext(LiveContext);
  if (!ctx) throw new Error("useLive outside LiveProvider");
  return ctx;
}

/**
 * Calls `onEvents` with each batch of new events whose type matches one of `types`
 * (`task.completed`, or `agent.*` for a category; none: every event).
 */
export function useLiveEvents(onEvents: (events: EventEnvelope[]) => void, types?: string[]): void {
  const { subscribe } = useLive();
  const handler = useRef(onEvents);
  handler.current = onEvents;
  const key = types?.join(",") ?? "";
  useEffect(() => {
    const wanted = key ? key.split(",") : [];
    return subscribe((events) => {
      const picked = wanted.length
        ? events.filter((e) => wanted.some((t) => matchesType(e.type, t)))
        : events;
      if (picked.length) handler.current(picked);
    });
  }, [subscribe, key]);
}
