export interface Point {
  /** Epoch milliseconds. */
  t: number;
  v: number | null;
}
export interface Series {
  label: string;
  points: Point[];
}

/**
 * uPlot wants one shared x axis (seconds) and one y array per series, null where a series has
 * no value. Series whose values are steps (trust) repeat their last value until it changes.
 */
export function alignSeries(series: Series[], step = false): [number[], ...(number | null)[][]] {
  const xs = [...new Set(series.flatMap((s) => s.points.map((p) => p.t)))].sort((a, b) => a - b);
  const index = new Map(xs.map((t, i) => [t, i]));
  const ys = series.map((s) => {
    const row: (number | null)[] = new Array(xs.length).fill(null);
    for (const p of s.points) row[index.get(p.t)!] = p.v;
    if (step) {
      let last: number | null = null;
      for (let i = 0; i < row.length; i++) {
        if (row[i] === null) row[i] = last;
        else last = row[i] ?? null;
      }
    }
    return row;
  });
  return [xs.map((t) => t / 1000), ...ys];
}
