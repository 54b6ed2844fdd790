import type { Point } from "../../lib/align-series";

/**
 * The chart joins points with straight lines; a value that holds until it changes (trust) must
 * read as a step, so each change gets a point just before it that still carries the old value.
 */
export function stepPoints(points: Point[]): Point[] {
  const out: Point[] = [];
  for (const p of points) {
    const prev = out.at(-1);
    if (prev && prev.v !== null && p.v !== prev.v && p.t - 1 > prev.t) out.push({ t: p.t - 1, v: prev.v });
    out.push(p);
  }
  return out;
}
