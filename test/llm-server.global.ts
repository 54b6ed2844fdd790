import type { TestProject } from "vitest/node";
import { startLlmServer } from "./helpers/llm-server";

declare module "vitest" {
  export interface ProvidedContext {
    /** Origin of the fake OpenAI-compatible model API, e.g. `http://127.0.0.1:41234` (base URL: + `/v1`). */
    llmServerOrigin: string;
  }
}

/**
 * Global setup (runs in Node, once per run): starts the fake model API and hands its origin to
 * the tests, which read it with `inject("llmServerOrigin")`.
 */
export default async function setup({ provide }: TestProject): Promise<() => Promise<void>> {
  const server = await startLlmServer();
  provide("llmServerOrigin", server.origin);
  return () => server.close();
}
