import type { RateLimiter } from "../durable-objects/rate-limiter";
import type { Env } from "./env";

/** A tenant's rate limiter, addressed like its hub: only by the id of the tenant itself. */
export function limiterFor(env: Env, tenantId: string): DurableObjectStub<RateLimiter> {
  return env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(tenantId));
}
