import type { TenantHub } from "../durable-objects/tenant-hub";
import { decodeProblem } from "../shared/problems";
import type { Env } from "./env";

/**
 * The only way to reach a hub: by the id of a tenant the caller was authenticated for. A tenant
 * can therefore never address another tenant's hub, whatever ids it sends.
 */
export function hubFor(env: Env, tenantId: string): DurableObjectStub<TenantHub> {
  return env.TENANT_HUB.get(env.TENANT_HUB.idFromName(tenantId));
}

/** Awaits a hub call, turning a Problem thrown inside the hub back into a Problem here. */
export async function viaHub<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (err) {
    const problem = err instanceof Error ? decodeProblem(err.message) : null;
    throw problem ?? err;
  }
}
