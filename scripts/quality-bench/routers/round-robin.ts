import { QueueRouter, type Slot } from "../queue-router";

/** Each task to the next agent in turn that has a free slot; learns nothing. */
export class RoundRobinRouter extends QueueRouter {
  readonly name = "round-robin";
  private next = 0;

  protected choose(_task: unknown, free: Slot[]): Slot {
    const order = this.slots.length;
    for (let i = 0; i < order; i++) {
      const slot = this.slots[(this.next + i) % order];
      if (slot && free.includes(slot)) {
        this.next = (this.next + i + 1) % order;
        return slot;
      }
    }
    return free[0] as Slot;
  }
}
