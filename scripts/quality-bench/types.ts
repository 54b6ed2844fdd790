/** What a router sees: tasks and the outcomes of the attempts it started, never the truth. */
export type SimOutcome = "success" | "failure" | "rate_limited";

export interface SimTask {
  id: string;
  risk: number;
  impact: number;
  urgency: number;
}

/** One attempt a router starts now; the simulator runs it and reports back. */
export interface Start {
  taskId: string;
  agentId: string;
  attempt: number;
}

export type TaskEnd = "succeeded" | "failed";

export interface Router {
  readonly name: string;
  addAgent(id: string, maxConcurrency: number, now: number): void;
  submit(tasks: SimTask[], now: number): void;
  dispatch(now: number): Start[];
  result(
    start: Start,
    outcome: SimOutcome,
    latencyMs: number,
    retryAfterMs: number | null,
    now: number,
  ): void;
  /** Every task that ended, by id. Tasks still waiting are absent (they count as not succeeded). */
  ended(): ReadonlyMap<string, TaskEnd>;
}

/** The same retry budget for every router (Warden's defaults): 3 attempts; a 429 is re-queued up to 5 times after its Retry-After without using an attempt. */
export const MAX_ATTEMPTS = 3;
export const MAX_RATE_LIMIT_REQUEUES = 5;
