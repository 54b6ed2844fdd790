import type { Analytics } from "../../../../shared/schemas/analytics";
import { pct } from "../../lib/format";
import { EmptyState } from "../empty-state";
import { bucketLabel } from "./time-labels";

/** Red at 0 %, amber at 50 %, green at 100 %, mixed from the theme's own tokens. */
export function heatColour(rate: number | null): string {
  if (rate === null) return "var(--surface-2)";
  const r = Math.min(1, Math.max(0, rate));
  return r >= 0.5
    ? `color-mix(in srgb, var(--good) ${Math.round((r - 0.5) * 200)}%, var(--warn))`
    : `color-mix(in srgb, var(--warn) ${Math.round(r * 200)}%, var(--bad))`;
}

/** About eight readable time labels, however many buckets there are. */
const LABELS = 8;

/**
 * Agents down, time across, each cell coloured by that agent's success rate in that bucket. Rows
 * and cells are lists, so a screen reader walks it agent by agent and hears every cell's value.
 */
export function SuccessHeatmap({ data, nameOf }: { data: Analytics; nameOf: (id: string) => string }) {
  const rows = data.heatmap.filter((r) => r.cells.some((c) => c.attempts > 0));
  const columns = data.series.map((b) => b.start);
  const span = (Date.parse(data.to) - Date.parse(data.from)) / 1000;
  const every = Math.max(1, Math.ceil(columns.length / LABELS));
  const label = (start: string) => bucketLabel(start, data.bucketSeconds, span);
  const template = { "--heat-n": columns.length } as React.CSSProperties;

  return (
    <section className="card stack analytics-card" aria-labelledby="heatmap-heading">
      <div className="spread">
        <h2 id="heatmap-heading">Success by agent and time</h2>
        <HeatLegend />
      </div>
      {rows.length === 0 ? (
        <EmptyState title="No agent ran a task in this range" />
      ) : (
        <div className="heatmap" data-testid="success-heatmap" style={template}>
          <div className="heat-row heat-head" aria-hidden="true">
            <span className="heat-agent muted small">Agent</span>
            <span className="heat-cells">
              {columns.map((start, i) => (
                <span key={start} className="heat-time">
                  {i % every === 0 ? label(start) : ""}
                </span>
              ))}
            </span>
          </div>
          <ul className="heat-rows" aria-label="Success rate by agent and time (UTC)">
            {rows.map((row) => {
              const name = nameOf(row.agentId);
              return (
                <li className="heat-row" key={row.agentId}>
                  <span className="heat-agent" title={row.agentId}>
                    {name}
                  </span>
                  <ol className="heat-cells" aria-label={`${name}, bucket by bucket`}>
                    {row.cells.map((c) => {
                      const text =
                        c.attempts === 0
                          ? `${name}, ${label(c.start)}: no attempts`
                          : `${name}, ${label(c.start)}: ${c.successRate === null ? "none judged" : `${pct(c.successRate, 0)} success`} of ${c.attempts} attempt${c.attempts === 1 ? "" : "s"}`;
                      return (
                        <li
                          key={c.start}
                          className="heat-cell"
                          title={text}
                          data-rate={c.successRate ?? ""}
                          style={{ background: heatColour(c.attempts ? c.successRate : null) }}
                        >
                          <span className="sr-only">{text}</span>
                        </li>
                      );
                    })}
                  </ol>
                </li>
              );
            })}
          </ul>
        </div>
      )}
    </section>
  );
}

function HeatLegend() {
  return (
    <div className="heat-legend small">
      <span>0 %</span>
      <span className="heat-scale" aria-hidden="true" />
      <span>100 % success</span>
      <span className="heat-cell heat-none" aria-hidden="true" />
      <span>no attempts</span>
    </div>
  );
}
