import { nextUniform, type Rng, seedRng } from "../../../shared/governance/exploration";
import { QueueRouter, type Slot } from "../queue-router";

/** A uniformly random free agent (seeded, so runs repeat); learns nothing. */
export class RandomRouter extends QueueRouter {
  readonly name = "random";
  private readonly rng: Rng;

  constructor(seed: number) {
    super();
    this.rng = seedRng(seed);
  }

  protected choose(_task: unknown, free: Slot[]): Slot {
    return free[Math.floor(nextUniform(this.rng) * free.length)] as Slot;
  }
}
