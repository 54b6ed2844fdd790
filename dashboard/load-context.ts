import type { AppLoadContext } from "@remix-run/cloudflare";
import type { DashboardEnv } from "./app/lib/env.server";

/**
 * What every loader and action receives. Pages Functions give no `ExecutionContext.props`, so
 * the context's `ctx` is narrowed to the two members Pages does provide.
 */
declare module "@remix-run/cloudflare" {
  interface AppLoadContext {
    cloudflare: {
      env: DashboardEnv;
      ctx: Pick<ExecutionContext, "waitUntil" | "passThroughOnException">;
    };
  }
}

type GetLoadContext = (args: {
  request: Request;
  context: { cloudflare: AppLoadContext["cloudflare"] };
}) => AppLoadContext;

export const getLoadContext: GetLoadContext = ({ context }) => context;
