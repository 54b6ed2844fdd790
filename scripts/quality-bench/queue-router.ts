import {
  MAX_ATTEMPTS,
  MAX_RATE_LIMIT_REQUEUES,
  type Router,
  type SimOutcome,
  type SimTask,
  type Start,
  type TaskEnd,
} from "./types";

export interface Slot {
  id: string;
  max: number;
  inFlight: number;
}

interface Waiting {
  task: SimTask;
  attempts: number;
  requeues: number;
  notBefore: number;
}

/**
 * What every baseline shares: a FIFO queue, concurrency limits, and the common retry budget.
 * A baseline only decides which free agent takes a task (`choose`) and what it learns from an
 * outcome (`observe`). `choose` returning "refuse" fails the attempt without running it (LiteLLM's
 * "no deployments available"); null leaves the task queued.
 */
export abstract class QueueRouter implements Router {
  abstract readonly name: string;
  protected readonly slots: Slot[] = [];
  private queue: Waiting[] = [];
  private readonly running = new Map<string, Waiting>();
  private readonly done = new Map<string, TaskEnd>();

  protected abstract choose(task: SimTask, free: Slot[], now: number): Slot | null | "refuse";
  protected observe(_agentId: string, _outcome: SimOutcome, _now: number): void {}

  addAgent(id: string, maxConcurrency: number): void {
    this.slots.push({ id, max: maxConcurrency, inFlight: 0 });
  }

  submit(tasks: SimTask[], now: number): void {
    for (const task of tasks) this.queue.push({ task, attempts: 0, requeues: 0, notBefore: now });
  }

  dispatch(now: number): Start[] {
    const starts: Start[] = [];
    const waiting: Waiting[] = [];
    for (const w of this.queue) {
      const free = w.notBefore <= now ? this.slots.filter((s) => s.inFlight < s.max) : [];
      const pick = free.length ? this.choose(w.task, free, now) : null;
      if (pick === "refuse") {
        w.attempts += 1;
        if (w.attempts >= MAX_ATTEMPTS) this.done.set(w.task.id, "failed");
        else waiting.push({ ...w, notBefore: now + 1000 });
      } else if (pick) {
        pick.inFlight += 1;
        this.running.set(w.task.id, w);
        starts.push({ taskId: w.task.id, agentId: pick.id, attempt: w.attempts + w.requeues + 1 });
      } else waiting.push(w);
    }
    this.queue = waiting;
    return starts;
  }

  result(
    start: Start,
    outcome: SimOutcome,
    _latencyMs: number,
    retryAfterMs: number | null,
    now: number,
  ): void {
    const slot = this.slots.find((s) => s.id === start.agentId);
    if (slot) slot.inFlight -= 1;
    this.observe(start.agentId, outcome, now);
    const w = this.running.get(start.taskId);
    if (!w) return;
    this.running.delete(start.taskId);
    if (outcome === "success") this.done.set(w.task.id, "succeeded");
    else if (outcome === "rate_limited") {
      w.requeues += 1;
      if (w.requeues > MAX_RATE_LIMIT_REQUEUES) this.done.set(w.task.id, "failed");
      else this.queue.push({ ...w, notBefore: now + (retryAfterMs ?? 1000) });
    } else {
      w.attempts += 1;
      if (w.attempts >= MAX_ATTEMPTS) this.done.set(w.task.id, "failed");
      else this.queue.push({ ...w, notBefore: now });
    }
  }

  ended(): ReadonlyMap<string, TaskEnd> {
    return this.done;
  }
}
