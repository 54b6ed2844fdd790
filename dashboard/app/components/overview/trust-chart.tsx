import type { Series } from "../../lib/align-series";
import { TimeChart } from "../time-chart";

/** Each agent's trust over the last 24 h, moving as results arrive. */
export function TrustChart({ series }: { series: Series[] }) {
  return (
    <section className="card" aria-labelledby="trust-chart-title">
      <h2 id="trust-chart-title">Trust by agent</h2>
      <TimeChart
        title="Trust score per agent, last 24 hours and live"
        series={series}
        step
        yRange={[0, 1]}
        height={260}
      />
    </section>
  );
}
