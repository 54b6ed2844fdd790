import { nextUniform, type Rng, seedRng } from "../../../shared/governance/exploration";
import { QueueRouter, type Slot } from "../queue-router";
import type { SimOutcome } from "../types";

/**
 * LiteLLM's router as its docs describe it (Router "Cooldowns" and "Fallbacks"): each deployment
 * may fail `allowed_fails` times per minute; one more failure cools it down for `cooldown_time`
 * seconds, during which it gets no requests. 429s count as failures. Routing is `simple-shuffle`:
 * a random deployment among those not cooling down (no rpm/tpm weights are configured). When every
 * deployment is cooling down LiteLLM raises "No deployments available"; that attempt fails.
 */
export const LITELLM = { allowedFails: 3, windowMs: 60_000, cooldownMs: 5_000 };

export class LiteLlmCooldownRouter extends QueueRouter {
  readonly name = "LiteLLM cooldown";
  private readonly rng: Rng;
  private readonly fails = new Map<string, number[]>();
  private readonly cooledUntil = new Map<string, number>();

  constructor(seed: number) {
    super();
    this.rng = seedRng(seed);
  }

  private cooling(id: string, now: number): boolean {
    return (this.cooledUntil.get(id) ?? 0) > now;
  }

  protected choose(_task: unknown, free: Slot[], now: number): Slot | null | "refuse" {
    const healthy = this.slots.filter((s) => !this.cooling(s.id, now));
    if (!healthy.length) return "refuse";
    // Busy healthy deployments are still healthy: the request waits for a slot rather than failing.
    const open = free.filter((s) => !this.cooling(s.id, now));
    if (!open.length) return null;
    return open[Math.floor(nextUniform(this.rng) * open.length)] as Slot;
  }

  protected override observe(agentId: string, outcome: SimOutcome, now: number): void {
    if (outcome === "success") return;
    const recent = (this.fails.get(agentId) ?? []).filter((at) => at > now - LITELLM.windowMs);
    recent.push(now);
    if (recent.length > LITELLM.allowedFails) {
      this.cooledUntil.set(agentId, now + LITELLM.cooldownMs);
      this.fails.set(agentId, []);
    } else this.fails.set(agentId, recent);
  }
}
