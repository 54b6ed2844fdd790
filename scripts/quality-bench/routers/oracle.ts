import { QueueRouter, type Slot } from "../queue-router";

/**
 * Knows every agent's true chance of success at each moment (including that a rate-limited agent
 * at its limit will answer 429) and gives each task the most reliable free agent.
 */
export class OracleRouter extends QueueRouter {
  readonly name = "oracle";

  constructor(private readonly truth: (agentId: string, now: number, inFlight: number) => number) {
    super();
  }

  protected choose(_task: unknown, free: Slot[], now: number): Slot {
    let best = free[0] as Slot;
    for (const slot of free)
      if (this.truth(slot.id, now, slot.inFlight) > this.truth(best.id, now, best.inFlight)) best = slot;
    return best;
  }
}
