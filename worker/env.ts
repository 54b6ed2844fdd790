import type { TenantHub } from "../durable-objects/tenant-hub";
import type { ExecutionMessage } from "./executors/types";

/** Bindings declared in wrangler.toml, plus secrets from `.dev.vars` / `wrangler secret`. */
export interface Env {
  DB: D1Database;
  TENANT_HUB: DurableObjectNamespace<TenantHub>;
  EXECUTION_QUEUE: Queue<ExecutionMessage>;
  /** Platform admin token: creates tenants through /api/v1/admin. */
  WARDEN_ADMIN_TOKEN: string;
  /** "development" | "test" | "production"; defaults to production rules when absent. */
  WARDEN_ENV?: string;
}
