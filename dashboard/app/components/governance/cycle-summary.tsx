import { pct, trust } from "../../lib/format";
import type { CycleRecordView } from "./record";
import { duration, stamp } from "./stamp";
import type { CycleDetail } from "./types";

const OUTCOMES: [keyof CycleRecordView, string, string][] = [
  ["successes", "successes", "good"],
  ["failures", "failures", "bad"],
  ["timeouts", "timeouts", "bad"],
  ["rateLimited", "rate-limited", "warn"],
  ["rejected", "rejected", "warn"],
];

/** When the cycle ran and what it measured. */
export function CycleSummaryFacts({ cycle, record }: { cycle: CycleDetail; record: CycleRecordView }) {
  const span =
    record.startedAt !== null && record.endedAt !== null ? record.endedAt - record.startedAt : null;
  return (
    <dl className="gov-facts">
      <div>
        <dt>Ran</dt>
        <dd>
          {stamp(cycle.startedAt)} → {stamp(cycle.endedAt)}
          {span !== null && <span className="muted gov-small">{duration(span)}</span>}
        </dd>
      </div>
      <div>
        <dt>Results</dt>
        <dd>
          <span className="gov-big">{cycle.results}</span>
          <span className="gov-small">
            {OUTCOMES.map(([key, label, tone]) => {
              const n = record[key];
              return typeof n === "number" && n > 0 ? (
                <span key={key} className={`badge ${tone}`}>
                  {n} {label}
                </span>
              ) : null;
            })}
            {record.slow ? <span className="badge muted">{record.slow} slow</span> : null}
          </span>
        </dd>
      </div>
      <div>
        <dt>Success rate</dt>
        <dd className="gov-big mono">{pct(cycle.successRate)}</dd>
      </div>
      <div>
        <dt>Mean trust</dt>
        <dd className="gov-big mono">{trust(cycle.meanTrust)}</dd>
      </div>
      <div>
        <dt>Constraint score</dt>
        <dd>
          <span className={`gov-big mono ${cycle.constraintScore < 1 ? "trust-bad" : ""}`}>
            {cycle.constraintScore.toFixed(2)}
          </span>
          {record.assignments !== null && (
            <span className="muted gov-small">
              {record.assignmentsRespectingRules ?? "?"} of {record.assignments} assignments within the rules
            </span>
          )}
        </dd>
      </div>
    </dl>
  );
}
