/** Display helpers shared by every page; all pure. */

export function pct(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined || Number.isNaN(x) ? "—" : `${(x * 100).toFixed(digits)}%`;
}

export function trust(x: number | null | undefined): string {
  return x === null || x === undefined ? "—" : x.toFixed(3);
}

/** green > 0.7, amber 0.4–0.7, red < 0.4 — the bands operators read at a glance. */
export function trustClass(x: number): "trust-good" | "trust-warn" | "trust-bad" {
  return x > 0.7 ? "trust-good" : x >= 0.4 ? "trust-warn" : "trust-bad";
}

export function statusTone(status: string): "good" | "warn" | "bad" | "info" | "muted" {
  switch (status) {
    case "active":
    case "succeeded":
    case "closed":
      return "good";
    case "probation":
    case "suppressed":
    case "queued":
    case "assigned":
    case "half_open":
    case "drifting":
      return "warn";
    case "excluded":
    case "failed":
    case "open":
      return "bad";
    case "cancelled":
      return "muted";
    default:
      return "info";
  }
}

const timeFmt = new Intl.DateTimeFormat("en-GB", {
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  timeZone: "UTC",
});
const dateTimeFmt = new Intl.DateTimeFormat("en-GB", {
  year: "numeric",
  month: "short",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "UTC",
});

/** Times are shown in UTC so server and browser render the same text (no hydration mismatch). */
export function clock(t: string | number | Date): string {
  return timeFmt.format(new Date(t));
}
export function dateTime(t: string | number | Date | null | undefined): string {
  return t === null || t === undefined ? "—" : `${dateTimeFmt.format(new Date(t))} UTC`;
}

export function ms(x: number | null | undefined): string {
  if (x === null || x === undefined) return "—";
  return x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${Math.round(x)} ms`;
}
