import type { TestProject } from "vitest/node";
import { startHostileProvider } from "./helpers/oidc-hostile-provider";
import { startRealProvider } from "./helpers/oidc-real-provider";

declare module "vitest" {
  export interface ProvidedContext {
    /** Issuer of the real oidc-provider started for the run, e.g. `http://127.0.0.1:41234`. */
    oidcIssuer: string;
    /** Origin of the hostile provider; `POST /realms` there creates an issuer per test. */
    oidcHostileOrigin: string;
  }
}

/**
 * Global setup (runs in Node, once per run): starts a real OpenID provider and a hostile one on
 * 127.0.0.1, and hands their addresses to the workerd tests through `inject`.
 */
export default async function setup({ provide }: TestProject): Promise<() => Promise<void>> {
  const [real, hostile] = await Promise.all([startRealProvider(), startHostileProvider()]);
  provide("oidcIssuer", real.issuer);
  provide("oidcHostileOrigin", hostile.origin);
  return async () => {
    await Promise.all([real.close(), hostile.close()]);
  };
}
