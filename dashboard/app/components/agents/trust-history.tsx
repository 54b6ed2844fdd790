import { useMemo } from "react";
import { trust } from "../../lib/format";
import { EmptyState } from "../empty-state";
import { TimeChart } from "../time-chart";
import { statusLabel, statusTone } from "./status-events";
import { stepPoints } from "./step-points";
import type { StatusEvent, TrustPoint } from "./types";

interface Props {
  points: TrustPoint[];
  status: StatusEvent[];
}

/**
 * The trust line from just before its first change to the latest thing that happened, so a
 * suppression after the last change still falls inside the chart.
 */
function trustLine(points: TrustPoint[], status: StatusEvent[]) {
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last) return [];
  const line = points.map((p) => ({ t: Date.parse(p.at), v: p.after }));
  const times = status.map((s) => Date.parse(s.at));
  const start = Math.min(line[0]?.t ?? 0, ...times);
  const end = Math.max(line.at(-1)?.t ?? 0, ...times);
  line.unshift({ t: Math.min(start, Date.parse(first.at) - 1), v: first.before });
  if (end > Date.parse(last.at)) line.push({ t: end, v: last.after });
  return stepPoints(line);
}

/** Trust over time as steps, with the lifecycle events drawn where they happened. */
export function TrustHistory({ points, status }: Props) {
  const series = useMemo(() => [{ label: "Trust", points: trustLine(points, status) }], [points, status]);
  const markers = useMemo(
    () =>
      status
        .filter((s) => s.type !== "agent.registered")
        .map((s) => ({ t: Date.parse(s.at), label: statusLabel(s.type), tone: statusTone(s.type) })),
    [status],
  );
  const last = points.at(-1);
  return (
    <section className="card stack agent-panel" aria-labelledby="trust-history-heading">
      <div className="spread">
        <h2 id="trust-history-heading">Trust history</h2>
        <span className="muted small">
          {points.length} change{points.length === 1 ? "" : "s"} in the last 7 days
          {last && <> · latest {trust(last.after)}</>}
        </span>
      </div>
      {points.length === 0 ? (
        <EmptyState title="No trust changes in the last 7 days">
          <p>Trust moves when the agent's attempts succeed or fail, or when an admin overrides it.</p>
        </EmptyState>
      ) : (
        <>
          <TimeChart
            title="Trust history"
            series={series}
            step
            yRange={[0, 1]}
            markers={markers}
            height={240}
          />
          <p className="muted small legend-line">
            Dashed lines: <span className="trust-bad">suppressed or excluded</span> ·{" "}
            <span className="trust-warn">probation or drift</span> ·{" "}
            <span className="trust-good">reinstated</span>
          </p>
        </>
      )}
    </section>
  );
}
