import type { Analytics } from "../../../../shared/schemas/analytics";
import { ms, pct } from "../../lib/format";

/** The window in five numbers. */
export function AnalyticsTotals({ totals }: { totals: Analytics["totals"] }) {
  const items = [
    { id: "attempts", label: "Attempts", value: String(totals.attempts) },
    { id: "success-rate", label: "Success rate", value: pct(totals.successRate) },
    { id: "failed", label: "Failed or timed out", value: String(totals.failed) },
    { id: "latency", label: "Mean latency", value: ms(totals.meanLatencyMs) },
    { id: "cycles", label: "Cycles closed", value: String(totals.cycles) },
  ];
  return (
    <section className="grid kpis" aria-label="Totals for the range">
      {items.map((k) => (
        <div key={k.id} className="card kpi" data-testid={`analytics-${k.id}`}>
          <div className="label">{k.label}</div>
          <div className="value">{k.value}</div>
        </div>
      ))}
    </section>
  );
}
