import { clock } from "../../lib/format";

/** Date and time to the second, in UTC like every time on the dashboard. */
export function stamp(t: string | number): string {
  return `${new Date(t).toISOString().slice(0, 10)} ${clock(t)} UTC`;
}

export function duration(x: number): string {
  if (x < 60_000) return `${Number((x / 1000).toFixed(1))} s`;
  if (x < 3_600_000) return `${Number((x / 60_000).toFixed(1))} min`;
  return `${Number((x / 3_600_000).toFixed(1))} h`;
}
