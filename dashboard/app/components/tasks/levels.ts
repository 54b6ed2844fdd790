/** Impact, urgency and risk read as words: quarters of the 0..1 scale. */
export type Level = "Low" | "Medium" | "High" | "Critical";

export function level(x: number): Level {
  return x >= 0.75 ? "Critical" : x >= 0.5 ? "High" : x >= 0.25 ? "Medium" : "Low";
}

export const LEVEL_TONE: Record<Level, "muted" | "info" | "warn" | "bad"> = {
  Low: "muted",
  Medium: "info",
  High: "warn",
  Critical: "bad",
};

/** `I 0.80 Critical`-style badge text with its tone. */
export function levelBadge(x: number): { text: string; tone: string; level: Level } {
  const l = level(x);
  return { text: x.toFixed(2), tone: LEVEL_TONE[l], level: l };
}
