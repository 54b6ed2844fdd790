import type { Scope } from "./auth/api-keys";
import type { Env } from "./env";

export interface Principal {
  tenantId: string;
  keyId: string;
  scopes: Scope[];
}

/** Hono context typing shared by every route. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    principal: Principal;
  };
}
