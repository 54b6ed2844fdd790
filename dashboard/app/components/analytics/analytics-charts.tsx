import { useMemo } from "react";
import type { Analytics } from "../../../../shared/schemas/analytics";
import { stepPoints } from "../agents/step-points";
import { EmptyState } from "../empty-state";
import { TimeChart } from "../time-chart";
import { bucketSize } from "./time-labels";

type NameOf = (agentId: string) => string;

function ChartCard({
  title,
  id,
  note,
  children,
}: {
  title: string;
  id: string;
  note?: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <section className="card stack analytics-card" aria-labelledby={id} data-testid={id}>
      <div className="spread">
        <h2 id={id}>{title}</h2>
        {note && <span className="muted small">{note}</span>}
      </div>
      {children}
    </section>
  );
}

/** Each agent's trust, held until it changed, drawn to the end of the window. */
export function TrustTrends({ data, nameOf }: { data: Analytics; nameOf: NameOf }) {
  const end = Date.parse(data.to);
  const series = useMemo(
    () =>
      data.trust
        .filter((line) => line.points.length > 0)
        .map((line) => {
          const points = line.points.map((p) => ({ t: Date.parse(p.at), v: p.trust }));
          const last = points.at(-1);
          if (last && last.t < end) points.push({ t: end, v: last.v });
          return { label: nameOf(line.agentId), points: stepPoints(points) };
        }),
    [data.trust, end, nameOf],
  );
  return (
    <ChartCard
      title="Trust trends"
      id="trust-trends"
      note={`${series.length} agent${series.length === 1 ? "" : "s"} with changes`}
    >
      {series.length === 0 ? (
        <EmptyState title="No trust changed in this range" />
      ) : (
        <TimeChart title="Trust by agent" series={series} step yRange={[0, 1]} height={260} />
      )}
    </ChartCard>
  );
}

/** Share of judged attempts that succeeded, bucket by bucket (gaps where nothing was judged). */
export function SuccessOverTime({ data }: { data: Analytics }) {
  const series = useMemo(
    () => [
      {
        label: "Success rate",
        points: data.series.map((b) => ({ t: Date.parse(b.start), v: b.successRate })),
      },
    ],
    [data.series],
  );
  const judged = data.series.some((b) => b.successRate !== null);
  return (
    <ChartCard
      title="Success rate over time"
      id="success-over-time"
      note={`${bucketSize(data.bucketSeconds)} buckets`}
    >
      {judged ? (
        <TimeChart title="Success rate per bucket" series={series} yRange={[0, 1]} height={220} />
      ) : (
        <EmptyState title="No attempt was judged in this range" />
      )}
    </ChartCard>
  );
}

/** What each governance cycle's mutation did to the trust threshold, next to how that cycle went. */
export function MutationHistory({ data }: { data: Analytics }) {
  const series = useMemo(
    () => [
      {
        label: "Threshold after mutation",
        points: data.cycles.map((c) => ({ t: Date.parse(c.endedAt), v: c.thresholdAfter })),
      },
      {
        label: "Cycle success rate",
        points: data.cycles.map((c) => ({ t: Date.parse(c.endedAt), v: c.successRate })),
      },
    ],
    [data.cycles],
  );
  const moved = data.cycles.filter((c) => c.thresholdAfter !== c.thresholdBefore).length;
  return (
    <ChartCard
      title="Mutation history"
      id="mutation-history"
      note={`${data.cycles.length} cycles · threshold moved ${moved}×`}
    >
      {data.cycles.length === 0 ? (
        <EmptyState title="No governance cycle closed in this range" />
      ) : (
        <TimeChart title="Threshold and success rate by cycle" series={series} yRange={[0, 1]} height={220} />
      )}
    </ChartCard>
  );
}

export { ChartCard };
