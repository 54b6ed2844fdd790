import { useEffect, useRef } from "react";
import type uPlot from "uplot";
import { alignSeries, type Series } from "../lib/align-series";

export interface Marker {
  /** Epoch milliseconds. */
  t: number;
  label: string;
  tone: "bad" | "warn" | "good" | "info";
}

interface TimeChartProps {
  title: string;
  series: Series[];
  height?: number;
  /** Values repeat until they change (trust scores). */
  step?: boolean;
  yRange?: [number, number];
  markers?: Marker[];
  /** Smallest form: no axes, no legend (KPI sparklines). */
  sparkline?: boolean;
}

/** Data within one minute (a fresh tenant) would otherwise stretch the time axis over years. */
function widenShortSpan(u: uPlot, xs: number[]): void {
  const first = xs[0];
  const last = xs[xs.length - 1];
  if (first === undefined || last === undefined || last - first >= 60) return;
  u.setScale("x", { min: first - 1800, max: last + 1800 });
}

const PALETTE = ["#6ea2ff", "#4cd08a", "#f2c14e", "#ff7b7b", "#c792ea", "#79c0ff", "#ffab70", "#a5d6a7"];
const TONE = { bad: "#ff7b7b", warn: "#f2c14e", good: "#4cd08a", info: "#79c0ff" };

/**
 * A time-series chart on uPlot (~20 KB gzipped, canvas: cheap to redraw on every live event).
 * It loads in the browser only; the server renders the labelled frame and a text summary.
 */
export function TimeChart({
  title,
  series,
  height = 220,
  step,
  yRange,
  markers = [],
  sparkline,
}: TimeChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const markersRef = useRef(markers);
  markersRef.current = markers;
  const shape = series.map((s) => s.label).join("|");

  // Rebuild only when the set of series changes; data updates go through setData below.
  // biome-ignore lint/correctness/useExhaustiveDependencies: series data is applied by the next effect
  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | null = null;
    void import("uplot").then(({ default: UPlot }) => {
      if (disposed || !box.current) return;
      const css = getComputedStyle(box.current);
      const text = css.getPropertyValue("--muted").trim() || "#999";
      const grid = css.getPropertyValue("--border").trim() || "#333";
      const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } };
      const opts: uPlot.Options = {
        width: box.current.clientWidth || 300,
        height,
        legend: { show: !sparkline },
        cursor: { show: !sparkline },
        axes: sparkline ? [{ show: false }, { show: false }] : [axis, axis],
        scales: { x: { time: true }, y: yRange ? { range: yRange } : {} },
        series: [
          {},
          ...series.map((s, i) => ({
            label: s.label,
            stroke: PALETTE[i % PALETTE.length],
            width: 2,
            spanGaps: true,
          })),
        ],
        hooks: {
          draw: [
            (u) => {
              const ctx = u.ctx;
              for (const m of markersRef.current) {
                const x = u.valToPos(m.t / 1000, "x", true);
                if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
                ctx.save();
                ctx.strokeStyle = TONE[m.tone];
                ctx.setLineDash([4, 4]);
                ctx.beginPath();
                ctx.moveTo(x, u.bbox.top);
                ctx.lineTo(x, u.bbox.top + u.bbox.height);
                ctx.stroke();
                ctx.restore();
              }
            },
          ],
        },
      };
      const data = alignSeries(series, step);
      plot.current = new UPlot(opts, data as uPlot.AlignedData, box.current);
      widenShortSpan(plot.current, data[0]);
      observer = new ResizeObserver(() => {
        if (box.current && plot.current) plot.current.setSize({ width: box.current.clientWidth, height });
      });
      observer.observe(box.current);
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
  }, [shape, height, sparkline]);

  useEffect(() => {
    if (!plot.current) return;
    const data = alignSeries(series, step);
    plot.current.setData(data as uPlot.AlignedData);
    widenShortSpan(plot.current, data[0]);
  }, [series, step]);

  const total = series.reduce((n, s) => n + s.points.length, 0);
  return (
    <figure className="chart" style={{ margin: 0 }} aria-label={title}>
      <div
        ref={box}
        role="img"
        aria-label={`${title}: ${series.length} series, ${total} points`}
        style={{ minHeight: height }}
      />
      {markers.length > 0 && !sparkline && (
        <figcaption className="muted">
          {markers.length} marked event{markers.length === 1 ? "" : "s"} (dashed lines)
        </figcaption>
      )}
    </figure>
  );
}
