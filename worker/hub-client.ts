import type { TenantHub } from "../durable-objects/tenant-hub";
import { type HubResult, problemFromData } from "../shared/problems";
import type { Env } from "./env";

/**
 * The only way to reach a hub: by the id of a tenant the caller was authenticated for. A tenant
 * can therefore never address another tenant's hub, whatever ids it sends.
 */
export function hubFor(env: Env, tenantId: string): DurableObjectStub<TenantHub> {
  return env.TENANT_HUB.get(env.TENANT_HUB.idFromName(tenantId));
}

/** Unwraps a hub result: the value, or the hub's refusal thrown as a Problem for `app.onError`. */
export async function viaHub<T>(call: Promise<HubResult<T>>): Promise<T> {
  const result = await call;
  if (!result.ok) throw problemFromData(result.problem);
  return result.value;
}
