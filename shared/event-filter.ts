import { EVENT_TYPES } from "./events";

/**
 * A live-stream filter: exact event types (`task.completed`) and category wildcards (`agent.*`).
 * `null` means every event. Parsed once at the edge; the hub only matches.
 */
export type EventFilter = string[] | null;

const MAX_FILTER_ENTRIES = 32;
const CATEGORIES = new Set(EVENT_TYPES.map((t) => t.slice(0, t.indexOf("."))));
const TYPES = new Set<string>(EVENT_TYPES);

/** `task.completed,agent.*` → the filter, or the entries that name nothing (so a typo is refused, not silently empty). */
export function parseEventFilter(raw: string | undefined): { filter: EventFilter } | { unknown: string[] } {
  if (raw === undefined || raw.trim() === "") return { filter: null };
  const entries = [...new Set(raw.split(",").map((s) => s.trim()))].filter(Boolean);
  const unknown = entries.filter(
    (e) => !TYPES.has(e) && !(e.endsWith(".*") && CATEGORIES.has(e.slice(0, -2))),
  );
  if (unknown.length) return { unknown };
  if (entries.length > MAX_FILTER_ENTRIES) return { unknown: entries.slice(MAX_FILTER_ENTRIES) };
  return { filter: entries };
}

export function matchesFilter(filter: EventFilter, type: string): boolean {
  if (!filter) return true;
  for (const entry of filter) {
    if (entry === type) return true;
    if (entry.endsWith(".*") && type.startsWith(entry.slice(0, -1))) return true;
  }
  return false;
}
