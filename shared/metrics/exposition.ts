/**
 * Prometheus text exposition format 0.0.4, as a pure function: families in, text out.
 * https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format
 */

export const EXPOSITION_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

export type Labels = Readonly<Record<string, string>>;

export interface Sample {
  labels: Labels;
  value: number;
}

export interface HistogramSample {
  labels: Labels;
  /** Observations per bucket, NOT cumulative: one per bound, then one for values above the last. */
  buckets: readonly number[];
  sum: number;
}

export type MetricFamily =
  | { name: string; help: string; type: "counter" | "gauge"; samples: readonly Sample[] }
  | {
      name: string;
      help: string;
      type: "histogram";
      /** Upper bounds, ascending; `+Inf` is implied. */
      bounds: readonly number[];
      samples: readonly HistogramSample[];
    };

function formatNumber(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (n === Number.POSITIVE_INFINITY) return "+Inf";
  if (n === Number.NEGATIVE_INFINITY) return "-Inf";
  return String(n);
}

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

function escapeHelp(help: string): string {
  return help.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

function labelSet(labels: Labels, extra?: [string, string]): string {
  const pairs = Object.entries(labels);
  if (extra) pairs.push(extra);
  if (!pairs.length) return "";
  return `{${pairs.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(",")}}`;
}

function histogramLines(name: string, bounds: readonly number[], s: HistogramSample): string[] {
  const lines: string[] = [];
  let cumulative = 0;
  bounds.forEach((bound, i) => {
    cumulative += s.buckets[i] ?? 0;
    lines.push(`${name}_bucket${labelSet(s.labels, ["le", formatNumber(bound)])} ${cumulative}`);
  });
  cumulative += s.buckets[bounds.length] ?? 0;
  lines.push(`${name}_bucket${labelSet(s.labels, ["le", "+Inf"])} ${cumulative}`);
  lines.push(`${name}_sum${labelSet(s.labels)} ${formatNumber(s.sum)}`);
  lines.push(`${name}_count${labelSet(s.labels)} ${cumulative}`);
  return lines;
}

/** Every family gets its HELP and TYPE lines, even without samples, so scrapers learn the type. */
export function renderExposition(families: readonly MetricFamily[]): string {
  const lines: string[] = [];
  for (const f of families) {
    lines.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.type}`);
    if (f.type === "histogram") for (const s of f.samples) lines.push(...histogramLines(f.name, f.bounds, s));
    else for (const s of f.samples) lines.push(`${f.name}${labelSet(s.labels)} ${formatNumber(s.value)}`);
  }
  return `${lines.join("\n")}\n`;
}
