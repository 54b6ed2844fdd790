import { pct, trust } from "../../lib/format";
import type { CycleRecordView } from "./record";
import type { CycleDetail } from "./types";

interface Step {
  name: string;
  what: string;
}

/** The governance loop this cycle went through, one step per stage, with what each produced. */
export function CyclePipeline({ cycle, record }: { cycle: CycleDetail; record: CycleRecordView }) {
  const changed = Object.entries(cycle.trustAfter).filter(([id, v]) => {
    const before = cycle.trustBefore[id];
    return before !== undefined && Math.abs(v - before) >= 0.0005;
  }).length;
  const assigned = record.assignments;
  const respected = record.assignmentsRespectingRules;
  const delta = cycle.thresholdAfter - cycle.thresholdBefore;
  const steps: Step[] = [
    { name: "Prioritise", what: "Queued tasks ranked by impact, urgency, risk and waiting time" },
    {
      name: "Assign",
      what:
        assigned === null
          ? "Tasks matched to agents past the trust gate"
          : `${assigned} assignment${assigned === 1 ? "" : "s"}${respected !== null ? `, ${respected} within the rules` : ""}`,
    },
    {
      name: "Execute",
      what: `${cycle.results} result${cycle.results === 1 ? "" : "s"}, ${pct(cycle.successRate)} successful`,
    },
    {
      name: "Learn",
      what: `${changed} agent${changed === 1 ? "" : "s"} changed trust; mean ${trust(cycle.meanTrust)}`,
    },
    {
      name: "Mutate",
      what:
        Math.abs(delta) < 1e-9
          ? `Threshold kept at ${trust(cycle.thresholdBefore)}`
          : `Threshold ${trust(cycle.thresholdBefore)} → ${trust(cycle.thresholdAfter)}`,
    },
    {
      name: "Reflect",
      what: `${record.notes.length} note${record.notes.length === 1 ? "" : "s"}; constraint score ${cycle.constraintScore.toFixed(2)}`,
    },
  ];
  return (
    <ol className="gov-pipeline" aria-label="Governance pipeline for this cycle">
      {steps.map((s, i) => (
        <li key={s.name}>
          <span className="gov-step" aria-hidden="true">
            {i + 1}
          </span>
          <strong>{s.name}</strong>
          <span className="muted">{s.what}</span>
        </li>
      ))}
    </ol>
  );
}
