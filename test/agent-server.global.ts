import type { TestProject } from "vitest/node";
import { startAgentServer, unreachableOrigin } from "./helpers/agent-server";

declare module "vitest" {
  export interface ProvidedContext {
    /** Origin of the fake HTTP agent started for the test run, e.g. `http://127.0.0.1:41234`. */
    agentServerOrigin: string;
    /** An origin on 127.0.0.1 where nothing listens (connection refused). */
    agentServerUnreachableOrigin: string;
  }
}

/**
 * Global setup (runs in Node, once per run): starts the fake HTTP agent and hands its origin to
 * the tests, which read it with `inject("agentServerOrigin")`, in Node and in workerd alike.
 */
export default async function setup({ provide }: TestProject): Promise<() => Promise<void>> {
  const server = await startAgentServer();
  provide("agentServerOrigin", server.origin);
  provide("agentServerUnreachableOrigin", await unreachableOrigin());
  return () => server.close();
}
