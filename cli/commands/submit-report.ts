import { count, plural, table, writeError, writeJson, writeLine } from "../output";
import type { Finished } from "../task-tracker";

/** Why the tasks still open at a timeout are waiting: queued ones by hold reason, and assigned. */
export interface Waiting {
  queued: Record<string, number>;
  assigned: number;
}

/** What `tasks submit --json` prints: one object, at the end. */
export interface SubmitReport {
  file: string;
  format: "csv" | "json";
  total: number;
  accepted: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  open: number;
  timedOut: boolean;
  interrupted: boolean;
  durationMs: number;
  batches: { index: number; idempotencyKey: string; tasks: number; replayed: boolean }[];
  waiting: Waiting | null;
  unsuccessful: ({ id: string } & Finished)[];
  taskIds: string[];
}

const SHOWN = 10;

/** The API's hold reasons, in words (the code stays in brackets for searching the docs). */
const HOLDS: Record<string, string> = {
  no_capable_agent: "no agent has the capabilities they need",
  trust_gate: "no free agent is trusted enough for their risk",
  capacity: "every capable agent is at its concurrency limit",
  circuit_open: "the circuit breaker is open",
};

function waitingText(w: Waiting): string {
  const parts = Object.entries(w.queued)
    .sort((a, b) => b[1] - a[1])
    .map(([reason, n]) => `${count(n)} queued because ${HOLDS[reason] ?? reason} (${reason})`);
  if (w.assigned) parts.push(`${count(w.assigned)} assigned to an agent and running`);
  return parts.join(", ") || "their state could not be read";
}

export function printSubmitReport(r: SubmitReport, json: boolean, timeoutSeconds: number): void {
  if (json) {
    writeJson(r);
    return;
  }
  const replayed = r.batches.filter((b) => b.replayed).length;
  writeLine(
    `Submitted ${plural(r.accepted, "task")} from ${r.file} in ${plural(r.batches.length, "batch", "batches")}` +
      (replayed ? ` (${count(replayed)} already accepted by an earlier run).` : "."),
  );
  const outcomes = [`${count(r.succeeded)} succeeded`, `${count(r.failed)} failed`];
  if (r.cancelled) outcomes.push(`${count(r.cancelled)} cancelled`);
  writeLine(`${outcomes.join(", ")} in ${(r.durationMs / 1000).toFixed(1)} s.`);
  if (r.unsuccessful.length) {
    writeLine("");
    writeLine(`${plural(r.unsuccessful.length, "task")} did not succeed:`);
    writeLine(
      table(
        ["TASK", "STATUS", "REASON"],
        r.unsuccessful.slice(0, SHOWN).map((t) => [t.id, t.status, t.reason ?? ""]),
      ),
    );
    if (r.unsuccessful.length > SHOWN) writeLine(`… and ${count(r.unsuccessful.length - SHOWN)} more.`);
  }
  if (r.interrupted)
    writeError(
      `Interrupted with ${plural(r.open, "task")} not finished. Running the same command again resumes: ` +
        "batches already accepted are not submitted twice.",
    );
  else if (r.waiting)
    writeError(
      `Timed out after ${timeoutSeconds} s: ${plural(r.open, "task")} still open — ${waitingText(r.waiting)}.`,
    );
}
