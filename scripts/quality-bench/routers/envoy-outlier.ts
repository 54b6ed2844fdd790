import { QueueRouter, type Slot } from "../queue-router";
import type { SimOutcome } from "../types";

/**
 * Envoy's outlier detection as its docs describe it, with its defaults: `consecutive_5xx` 5
 * consecutive errors eject a host for `base_ejection_time` (30 s) times the number of times it
 * has been ejected; at most `max_ejection_percent` (10 %) of hosts are ejected at once, but at
 * least one may always be; hosts are returned to service when the detection `interval` (10 s)
 * finds their time served. A 429 is not a 5xx, so it neither counts nor resets the streak.
 * Load balancing is round robin over the hosts that are not ejected.
 */
export const ENVOY = {
  consecutiveErrors: 5,
  baseEjectionMs: 30_000,
  maxEjectionPercent: 10,
  intervalMs: 10_000,
};

export class EnvoyOutlierRouter extends QueueRouter {
  readonly name = "Envoy outlier ejection";
  private next = 0;
  private readonly streak = new Map<string, number>();
  private readonly ejections = new Map<string, number>();
  private readonly ejectedAt = new Map<string, number>();
  private lastSweep = 0;

  private sweep(now: number): void {
    if (now - this.lastSweep < ENVOY.intervalMs) return;
    this.lastSweep = now;
    for (const [id, at] of this.ejectedAt)
      if (now >= at + ENVOY.baseEjectionMs * (this.ejections.get(id) ?? 1)) this.ejectedAt.delete(id);
  }

  protected choose(_task: unknown, free: Slot[], now: number): Slot | null {
    this.sweep(now);
    const order = this.slots.length;
    for (let i = 0; i < order; i++) {
      const slot = this.slots[(this.next + i) % order];
      if (slot && !this.ejectedAt.has(slot.id) && free.includes(slot)) {
        this.next = (this.next + i + 1) % order;
        return slot;
      }
    }
    return null;
  }

  protected override observe(agentId: string, outcome: SimOutcome, now: number): void {
    if (outcome === "rate_limited") return;
    if (outcome === "success") {
      this.streak.set(agentId, 0);
      return;
    }
    const streak = (this.streak.get(agentId) ?? 0) + 1;
    this.streak.set(agentId, streak);
    if (streak < ENVOY.consecutiveErrors || this.ejectedAt.has(agentId)) return;
    const cap = Math.max(1, Math.floor((this.slots.length * ENVOY.maxEjectionPercent) / 100));
    if (this.ejectedAt.size >= cap) return;
    this.ejectedAt.set(agentId, now);
    this.ejections.set(agentId, (this.ejections.get(agentId) ?? 0) + 1);
    this.streak.set(agentId, 0);
  }
}
