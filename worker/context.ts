import type { Role } from "../shared/schemas/identity";
import type { Scope } from "./auth/api-keys";
import type { Env } from "./env";

/** Tenant settings as stored (see shared/schemas/tenant.ts for their schema and defaults). */
export type TenantSettingsJson = string;

/** Who is calling: a signed-in user (access JWT) or an API key. Both belong to exactly one tenant. */
export type Principal =
  | {
      kind: "user";
      tenantId: string;
      userId: string;
      email: string;
      role: Role;
      /** The refresh-token family this access token was issued under (one per login). */
      sessionId: string;
      tenantSettings: TenantSettingsJson;
    }
  | {
      kind: "key";
      tenantId: string;
      keyId: string;
      scopes: Scope[];
      tenantSettings: TenantSettingsJson;
    };

/** Hono context typing shared by every route. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    /** See middleware/client-address.ts. */
    clientAddress: string | null;
    principal: Principal;
  };
}
