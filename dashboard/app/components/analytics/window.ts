/**
 * The analytics window as the URL states it: a preset (`range=7d`) or explicit `from`/`to`, read
 * as UTC like every time on the dashboard. Pure, so the loader and the form agree on it.
 */

const HOUR = 3600_000;
const DAY = 24 * HOUR;

export const PRESETS = [
  { id: "24h", label: "Last 24 h", spanMs: DAY },
  { id: "7d", label: "Last 7 days", spanMs: 7 * DAY },
  { id: "30d", label: "Last 30 days", spanMs: 30 * DAY },
] as const;
export type PresetId = (typeof PRESETS)[number]["id"];

export interface AnalyticsWindow {
  /** ISO 8601, or the text as typed when it is not a date (the API then names the field). */
  from: string;
  to: string;
  preset: PresetId | null;
  buckets: number;
  agentId: string;
}

const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A `datetime-local` or `date` value, taken as UTC; anything with an offset passes as it is. */
export function fromInput(value: string): string {
  const v = value.trim();
  if (DATE.test(v)) return `${v}T00:00:00.000Z`;
  if (LOCAL.test(v)) {
    const d = new Date(`${v}Z`);
    return Number.isNaN(d.getTime()) ? v : d.toISOString();
  }
  return v;
}

/** The value a `datetime-local` input shows for an instant (UTC, to the minute). */
export function toInput(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "" : d.toISOString().slice(0, 16);
}

/** Hourly for a day or two, 6-hourly up to two weeks, daily beyond: readable cells either way. */
export function bucketMsFor(spanMs: number): number {
  return spanMs <= 2 * DAY ? HOUR : spanMs <= 14 * DAY ? 6 * HOUR : DAY;
}

export function bucketsFor(spanMs: number): number {
  return Math.min(200, Math.max(1, Math.ceil(spanMs / bucketMsFor(spanMs))));
}

export function resolveWindow(params: URLSearchParams, now: number): AnalyticsWindow {
  const agentId = params.get("agentId")?.trim() ?? "";
  const fromText = params.get("from")?.trim() ?? "";
  const toText = params.get("to")?.trim() ?? "";
  const asked = Number(params.get("buckets"));
  const explicit = fromText !== "" || toText !== "";
  const preset = explicit ? null : (PRESETS.find((p) => p.id === params.get("range")) ?? PRESETS[0]);

  let from: string;
  let to: string;
  if (preset) {
    // Buckets start on the hour (or day), so cells read 09:00–10:00 rather than 09:41–10:41;
    // the newest bucket is the one in progress.
    const size = bucketMsFor(preset.spanMs);
    const end = Math.ceil(now / size) * size;
    to = new Date(end).toISOString();
    from = new Date(end - preset.spanMs).toISOString();
  } else {
    to = toText ? fromInput(toText) : new Date(now).toISOString();
    const toMs = Date.parse(to);
    from = fromText ? fromInput(fromText) : new Date((Number.isNaN(toMs) ? now : toMs) - DAY).toISOString();
  }
  const span = Date.parse(to) - Date.parse(from);
  const buckets =
    Number.isInteger(asked) && asked >= 1 && asked <= 200
      ? asked
      : Number.isFinite(span) && span > 0
        ? bucketsFor(span)
        : 24;
  return { from, to, preset: preset?.id ?? null, buckets, agentId };
}

/** A preset's link, keeping the agent filter. */
export function presetHref(id: PresetId, agentId: string): string {
  const q = new URLSearchParams({ range: id });
  if (agentId) q.set("agentId", agentId);
  return `?${q.toString()}`;
}
