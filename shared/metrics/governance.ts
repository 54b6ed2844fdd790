import { METRIC } from "./catalog";
import { Tally } from "./tally";

const OUTCOMES = new Set(["success", "failure", "timeout", "rate_limited", "rejected"]);
const CIRCUIT_TO: Record<string, string> = {
  "circuit.opened": "open",
  "circuit.half_opened": "half_open",
  "circuit.closed": "closed",
};
const DIRECTIONS = new Set(["raise", "lower"]);

/**
 * What a batch of the hub's events adds to its counters. Only events that carry an execution
 * result (an outcome and a latency) count as executions: cancellations and queue timeouts ran nothing.
 */
export function governanceTally(events: readonly { type: string; data: Record<string, unknown> }[]): Tally {
  const tally = new Tally();
  for (const e of events) {
    const d = e.data;
    if (e.type === "cycle.completed") tally.inc(METRIC.cycles, {});
    else if (e.type === "mutation.applied" && DIRECTIONS.has(String(d.direction)))
      tally.inc(METRIC.mutations, { direction: String(d.direction) });
    else if (e.type in CIRCUIT_TO) tally.inc(METRIC.circuit, { to: CIRCUIT_TO[e.type] ?? "" });
    else if (
      (e.type === "task.completed" || e.type === "task.failed" || e.type === "task.retried") &&
      typeof d.latencyMs === "number" &&
      OUTCOMES.has(String(d.outcome))
    )
      tally.observe(METRIC.taskDuration, { outcome: String(d.outcome) }, d.latencyMs / 1000);
  }
  return tally;
}
