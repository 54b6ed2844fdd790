import { trust } from "../../lib/format";
import type { CycleRecordView } from "./record";
import type { CycleDetail } from "./types";

const TONE: Record<string, string> = { raise: "info", lower: "warn", none: "muted" };
const WORD: Record<string, string> = { raise: "raised", lower: "lowered", none: "kept" };

/** How the cycle moved the trust threshold, and the rule that decided it. */
export function CycleMutation({ cycle, record }: { cycle: CycleDetail; record: CycleRecordView }) {
  const direction = record.direction ?? "none";
  return (
    <dl className="gov-facts">
      <div>
        <dt>Threshold</dt>
        <dd>
          <span className="mono gov-big">
            {trust(cycle.thresholdBefore)} → {trust(cycle.thresholdAfter)}
          </span>{" "}
          <span className={`badge ${TONE[direction] ?? "muted"}`}>{WORD[direction] ?? direction}</span>
        </dd>
      </div>
      <div>
        <dt>Change</dt>
        <dd className="mono">
          {record.delta === null
            ? "—"
            : `${record.delta > 0 ? "+" : record.delta < 0 ? "−" : "±"}${Math.abs(record.delta).toFixed(3)}`}
        </dd>
      </div>
      <div className="gov-wide">
        <dt>Why</dt>
        <dd>{record.reason ?? <span className="muted">No reason was recorded.</span>}</dd>
      </div>
    </dl>
  );
}
