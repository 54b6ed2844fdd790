import type { Labels } from "./exposition";

/** Upper bounds, in seconds, of every duration histogram Warden exports. */
export const SECONDS_BUCKETS: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
];

/**
 * Counters and histograms as plain data, so they cross RPC and land in SQLite as they are.
 * Labels are keyed canonically (`labelsKey`); histogram buckets are per bucket, not cumulative.
 */
export interface TallyData {
  counters: [name: string, labels: string, value: number][];
  histograms: [name: string, labels: string, buckets: number[], sum: number][];
}

export function labelsKey(labels: Labels): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function labelsOf(key: string): Labels {
  return Object.fromEntries(JSON.parse(key) as [string, string][]);
}

function bucketIndex(value: number): number {
  const i = SECONDS_BUCKETS.findIndex((bound) => value <= bound);
  return i === -1 ? SECONDS_BUCKETS.length : i;
}

/** Accumulates counts in memory: a request buffer, a queue batch, a platform-wide sum. */
export class Tally {
  private readonly counters = new Map<string, number>();
  private readonly histograms = new Map<string, { buckets: number[]; sum: number }>();

  inc(name: string, labels: Labels, by = 1): void {
    const key = `${name}\u0000${labelsKey(labels)}`;
    this.counters.set(key, (this.counters.get(key) ?? 0) + by);
  }

  observe(name: string, labels: Labels, seconds: number): void {
    const one = new Array<number>(SECONDS_BUCKETS.length + 1).fill(0);
    one[bucketIndex(seconds)] = 1;
    this.addHistogram(`${name}\u0000${labelsKey(labels)}`, one, seconds);
  }

  merge(data: TallyData): this {
    for (const [name, labels, value] of data.counters) {
      const key = `${name}\u0000${labels}`;
      this.counters.set(key, (this.counters.get(key) ?? 0) + value);
    }
    for (const [name, labels, buckets, sum] of data.histograms)
      this.addHistogram(`${name}\u0000${labels}`, buckets, sum);
    return this;
  }

  isEmpty(): boolean {
    return this.counters.size === 0 && this.histograms.size === 0;
  }

  data(): TallyData {
    const split = (key: string): [string, string] => {
      const at = key.indexOf("\u0000");
      return [key.slice(0, at), key.slice(at + 1)];
    };
    return {
      counters: [...this.counters].map(([key, value]) => [...split(key), value]),
      histograms: [...this.histograms].map(([key, h]) => [...split(key), h.buckets, h.sum]),
    };
  }

  private addHistogram(key: string, buckets: readonly number[], sum: number): void {
    const h = this.histograms.get(key) ?? {
      buckets: new Array<number>(SECONDS_BUCKETS.length + 1).fill(0),
      sum: 0,
    };
    buckets.forEach((n, i) => {
      h.buckets[i] = (h.buckets[i] ?? 0) + n;
    });
    h.sum += sum;
    this.histograms.set(key, h);
  }
}
