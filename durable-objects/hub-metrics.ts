import type { EventEnvelope } from "../shared/events";
import { emptySnapshot, type MetricsSnapshot } from "../shared/metrics/catalog";
import { governanceTally } from "../shared/metrics/governance";
import type { TallyData } from "../shared/metrics/tally";
import type { HubRuntime } from "./hub-runtime";

/**
 * The tenant's counters and histograms, in the hub's SQLite: Worker isolates come and go, so the
 * numbers live here (decision 018). Governance counts are taken from the hub's own events as they
 * are committed; the Worker adds API, queue and webhook counts over RPC.
 */
export class HubMetrics {
  constructor(private readonly sql: SqlStorage) {}

  countEvents(events: readonly EventEnvelope[]): void {
    const tally = governanceTally(events);
    if (!tally.isEmpty()) this.add(tally.data());
  }

  add(data: TallyData): void {
    for (const [name, labels, value] of data.counters)
      this.sql.exec(
        `INSERT INTO metric_counters (name, labels, value) VALUES (?, ?, ?)
           ON CONFLICT (name, labels) DO UPDATE SET value = value + excluded.value`,
        name,
        labels,
        value,
      );
    // Read, add, write: synchronous within one turn of the object, so no update is lost.
    for (const [name, labels, buckets, sum] of data.histograms) {
      const row = this.sql
        .exec<{ buckets: string; sum: number }>(
          `SELECT buckets, sum FROM metric_histograms WHERE name = ? AND labels = ?`,
          name,
          labels,
        )
        .toArray()[0];
      const stored = row ? (JSON.parse(row.buckets) as number[]) : [];
      const merged = buckets.map((n, i) => n + (stored[i] ?? 0));
      this.sql.exec(
        `INSERT OR REPLACE INTO metric_histograms (name, labels, buckets, sum) VALUES (?, ?, ?, ?)`,
        name,
        labels,
        JSON.stringify(merged),
        sum + (row?.sum ?? 0),
      );
    }
  }

  read(): TallyData {
    return {
      counters: this.sql
        .exec<{ name: string; labels: string; value: number }>(
          `SELECT name, labels, value FROM metric_counters ORDER BY name, labels`,
        )
        .toArray()
        .map((r) => [r.name, r.labels, r.value]),
      histograms: this.sql
        .exec<{ name: string; labels: string; buckets: string; sum: number }>(
          `SELECT name, labels, buckets, sum FROM metric_histograms ORDER BY name, labels`,
        )
        .toArray()
        .map((r) => [r.name, r.labels, JSON.parse(r.buckets) as number[], r.sum]),
    };
  }
}

/** One scrape of a hub: stored counts, and gauges read from the engine and the open sockets now. */
export function scrapeHub(rt: HubRuntime, websockets: number, perAgent: boolean): MetricsSnapshot {
  const snapshot = emptySnapshot();
  snapshot.tally = rt.metrics.read();
  snapshot.websockets = websockets;
  for (const agent of rt.engine.agents()) {
    snapshot.agents[agent.status] += 1;
    if (perAgent) snapshot.trust.push({ agent: agent.id, score: agent.trust });
  }
  return snapshot;
}
