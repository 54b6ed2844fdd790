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

const countFmt = new Intl.NumberFormat("en-GB");

/** Token counts and other tallies, with thousands separators. */
export function count(x: number | null | undefined): string {
  return x === null || x === undefined ? "—" : countFmt.format(x);
}

/**
 * US dollars. LLM calls cost fractions of a cent, so small amounts keep their first significant
 * digits ($0.000123) while amounts of a dollar or more show cents.
 */
export function usd(x: number | null | undefined): string {
  if (x === null || x === undefined || Number.isNaN(x)) return "—";
  if (x === 0) return "$0.00";
  const abs = Math.abs(x);
  const digits = abs >= 1 ? 2 : abs >= 0.01 ? 4 : Math.min(10, Math.ceil(-Math.log10(abs)) + 2);
  const text = new Intl.NumberFormat("en-US", {
    minimumFractionDigits: 2,
    maximumFractionDigits: digits,
  }).format(abs);
  return `${x < 0 ? "-" : ""}$${text}`;
}
