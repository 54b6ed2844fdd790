import { mkdirSync, openSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
// The same start-up as `npm start`, on the browser tests' own ports and state directory.
import { startStack } from "../../scripts/lib/stack.mjs";
import { startRealProvider } from "../helpers/oidc-real-provider";

export const E2E_API_PORT = 8797;
export const E2E_DASHBOARD_PORT = 8798;

declare module "vitest" {
  export interface ProvidedContext {
    apiOrigin: string;
    dashboardOrigin: string;
    /** The real oidc-provider, whose client redirects to this API's SSO callback. */
    e2eOidcIssuer: string;
    demo: { tenantId: string; slug: string; ownerEmail: string; ownerPassword: string; apiKey: string };
  }
}

/**
 * Starts Warden the way `npm start` does — migrations, the API under wrangler dev, the built
 * dashboard under wrangler pages dev, the demo tenant — with fresh state, plus a real OpenID
 * provider on 127.0.0.1. Server output goes to .tmp/e2e/stack.log.
 */
export default async function setup({ provide }: TestProject): Promise<() => Promise<void>> {
  const root = fileURLToPath(new URL("../..", import.meta.url));
  const dir = `${root}.tmp/e2e`;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const log = openSync(`${dir}/stack.log`, "w");
  const stack = await startStack({
    apiPort: E2E_API_PORT,
    dashboardPort: E2E_DASHBOARD_PORT,
    persistTo: `${dir}/state`,
    demoStatePath: `${dir}/demo-tenant.json`,
    stdio: ["ignore", log, log],
    log: () => {},
    // The cast is registered, but the story holds still: the other browser tests need a quiet tenant.
    autoplay: false,
  });
  const oidc = await startRealProvider({
    redirectUris: [`${stack.api.origin}/api/v1/auth/sso/callback`],
  });
  provide("apiOrigin", stack.api.origin);
  provide("dashboardOrigin", stack.dashboard.origin);
  provide("e2eOidcIssuer", oidc.issuer);
  provide("demo", stack.demo);
  return async () => {
    await oidc.close();
    stack.stop();
  };
}
