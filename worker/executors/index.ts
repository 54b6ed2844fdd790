import type { AgentKind } from "../../shared/schemas/agents";
import { callHttpAgent } from "./http";
import { callLlmAgent } from "./llm";
import { simulate } from "./simulated";
import type { ExecutionMessage, ExecutionResult, Executor, ExecutorOptions } from "./types";

export { classifyError, classifyResponse, parseRetryAfter } from "./classify";
export { callHttpAgent } from "./http";
export { simulate } from "./simulated";
export { createSleepGroup } from "./sleep-group";

const simulatedExecutor: Executor = async (message, options) => {
  if (!message.agent.simulation) {
    return { outcome: "rejected", latencyMs: 0, detail: "simulated agent has no simulation profile" };
  }
  return simulate(message, options?.sleep ? { sleep: options.sleep } : {});
};

const httpExecutor: Executor = async (message, options) => {
  if (!message.agent.endpoint) {
    return { outcome: "rejected", latencyMs: 0, detail: "http agent has no endpoint" };
  }
  return callHttpAgent(message, options);
};

/** The executor for an agent kind; an unknown kind gets one that rejects every attempt. */
export function executorFor(kind: AgentKind): Executor {
  switch (kind) {
    case "simulated":
      return simulatedExecutor;
    case "http":
      return httpExecutor;
    case "llm":
      return callLlmAgent;
    default: {
      const unknownKind: string = kind;
      return async () => ({
        outcome: "rejected",
        latencyMs: 0,
        detail: `unknown agent kind "${unknownKind}"`,
      });
    }
  }
}

/** Runs one attempt with the executor of the message's agent kind. Never throws. */
export async function execute(
  message: ExecutionMessage,
  options?: ExecutorOptions,
): Promise<ExecutionResult> {
  try {
    return await executorFor(message.agent.kind)(message, options);
  } catch {
    return { outcome: "failure", latencyMs: 0, detail: "executor error" };
  }
}
