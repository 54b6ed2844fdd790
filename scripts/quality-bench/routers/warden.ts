import { DEFAULT_CONFIG, type DomainEvent, GovernanceEngine } from "../../../shared/governance";
import { MAX_ATTEMPTS, type Router, type SimOutcome, type SimTask, type Start, type TaskEnd } from "../types";

/** The simulation's time zero as a wall-clock instant: the engine keeps absolute times. */
const T0 = Date.UTC(2026, 0, 1);

/**
 * Warden's real, pure governance engine with its default configuration, driven exactly as the
 * tenant's hub drives it: `submit`, then `tick` (which advances time first) on every step, and
 * `recordResult` for each outcome. It learns trust, gates by risk, suppresses, redeems, and opens
 * its circuit breaker on its own; nothing here is tuned per scenario.
 */
export class WardenRouter implements Router {
  readonly name = "Warden";
  private readonly engine = new GovernanceEngine(DEFAULT_CONFIG, { now: T0 });
  private readonly done = new Map<string, TaskEnd>();
  /** Tasks failed by the queue timeout, and tasks still waiting when the run ended. */
  queueTimeouts = 0;

  addAgent(id: string, maxConcurrency: number, now: number): void {
    this.collect(
      this.engine.registerAgent({ id, name: id, capabilities: ["general"], maxConcurrency }, T0 + now),
    );
  }

  submit(tasks: SimTask[], now: number): void {
    const input = tasks.map((t) => ({ ...t, capabilities: ["general"], maxAttempts: MAX_ATTEMPTS }));
    this.collect(this.engine.submit(input, T0 + now));
  }

  dispatch(now: number): Start[] {
    const { assignments, events } = this.engine.tick(T0 + now);
    this.collect(events);
    return assignments.map((a) => ({ taskId: a.taskId, agentId: a.agentId, attempt: a.attempt }));
  }

  result(
    start: Start,
    outcome: SimOutcome,
    latencyMs: number,
    retryAfterMs: number | null,
    now: number,
  ): void {
    const { events } = this.engine.recordResult(
      { ...start, outcome, latencyMs, ...(retryAfterMs === null ? {} : { retryAfterMs }) },
      T0 + now,
    );
    this.collect(events);
  }

  ended(): ReadonlyMap<string, TaskEnd> {
    return this.done;
  }

  /** Tasks still queued or running (held by the trust gate or the circuit breaker). */
  open(): number {
    const counts = this.engine.openCounts();
    return counts.queued + counts.assigned;
  }

  private collect(events: DomainEvent[]): void {
    for (const e of events) {
      if (!e.taskId) continue;
      if (e.type === "task.completed") this.done.set(e.taskId, "succeeded");
      else if (e.type === "task.failed") {
        this.done.set(e.taskId, "failed");
        if (e.data.reason === "queue_timeout") this.queueTimeouts += 1;
      }
    }
  }
}
