const TONE: Record<string, string> = {
  success: "good",
  failure: "bad",
  timeout: "bad",
  rate_limited: "warn",
  rejected: "warn",
};

/** An attempt's outcome; one still running has none yet. */
export function OutcomeBadge({ outcome }: { outcome: string | null }) {
  if (!outcome) return <span className="badge info">running</span>;
  return <span className={`badge ${TONE[outcome] ?? "muted"}`}>{outcome.replace("_", " ")}</span>;
}
