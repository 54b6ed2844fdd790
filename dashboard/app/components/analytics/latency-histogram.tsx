import type { Analytics } from "../../../../shared/schemas/analytics";
import { ms } from "../../lib/format";
import { EmptyState } from "../empty-state";

/** `≤ 250 ms` for each bound, `> 10.00 s` for the overflow bin. */
function binLabel(bounds: number[], i: number): string {
  return i < bounds.length ? `≤ ${ms(bounds[i])}` : `> ${ms(bounds.at(-1) ?? 0)}`;
}

/** Narrow bars need narrow labels: the number over its unit (`250` / `ms`, `>10` / `s`). */
function shortLabel(bounds: number[], i: number): [string, string] {
  const x = i < bounds.length ? (bounds[i] ?? 0) : (bounds.at(-1) ?? 0);
  const [n, unit] = x >= 1000 ? [String(x / 1000), "s"] : [String(x), "ms"];
  return [i < bounds.length ? n : `>${n}`, unit];
}

/** How long attempts took: one bar per bin, with the percentiles operators quote. */
export function LatencyHistogram({ latency }: { latency: Analytics["latency"] }) {
  const total = latency.counts.reduce((a, b) => a + b, 0);
  const max = Math.max(1, ...latency.counts);
  return (
    <section
      className="card stack analytics-card"
      aria-labelledby="latency-heading"
      data-testid="latency-histogram"
    >
      <h2 id="latency-heading">Latency distribution</h2>
      <dl className="percentiles">
        <div>
          <dt>p50</dt>
          <dd>{ms(latency.p50)}</dd>
        </div>
        <div>
          <dt>p95</dt>
          <dd>{ms(latency.p95)}</dd>
        </div>
        <div>
          <dt>p99</dt>
          <dd>{ms(latency.p99)}</dd>
        </div>
        <div>
          <dt>Attempts timed</dt>
          <dd>{total}</dd>
        </div>
      </dl>
      {total === 0 ? (
        <EmptyState title="No attempt finished in this range" />
      ) : (
        <ol className="histogram" aria-label="Attempts by latency (each bar: up to the latency below it)">
          {latency.counts.map((count, i) => {
            const label = binLabel(latency.boundsMs, i);
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: bins are fixed positions
              <li key={i}>
                <span className="bar-area" aria-hidden="true">
                  <span className="bar-count small">{count}</span>
                  <span className="bar" style={{ height: `${(count / max) * 100}%` }} />
                </span>
                <span className="bar-label" aria-hidden="true">
                  {shortLabel(latency.boundsMs, i).map((part) => (
                    <span key={part}>{part}</span>
                  ))}
                </span>
                <span className="sr-only">
                  {label}: {count} attempt{count === 1 ? "" : "s"} ({Math.round((count / total) * 100)} %)
                </span>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
