const DAY_S = 86_400;

const hourFmt = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: "UTC" });
const dayFmt = new Intl.DateTimeFormat("en-GB", { day: "2-digit", month: "short", timeZone: "UTC" });
const dayHourFmt = new Intl.DateTimeFormat("en-GB", {
  day: "2-digit",
  month: "short",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "UTC",
});

/** A bucket's start as short as it can be and still be told apart from its neighbours (UTC). */
export function bucketLabel(start: string, bucketSeconds: number, spanSeconds: number): string {
  const d = new Date(start);
  if (bucketSeconds >= DAY_S) return dayFmt.format(d);
  if (spanSeconds <= DAY_S) return hourFmt.format(d);
  return dayHourFmt.format(d);
}

/** `15 min`, `6 h`, `1 d`: how long one bucket is. */
export function bucketSize(seconds: number): string {
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < DAY_S) return `${Math.round((seconds / 3600) * 10) / 10} h`;
  return `${Math.round((seconds / DAY_S) * 10) / 10} d`;
}
