import { classifyError, classifyResponse } from "./classify";
import type { ExecutionMessage, ExecutionResult } from "./types";

export const USER_AGENT = "Warden/0.1";

export interface HttpAgentOptions {
  /** The fetch to call the agent with; defaults to the global one. */
  fetch?: typeof fetch;
  /** Clock in ms used to measure latency and to read Retry-After dates; defaults to Date.now. */
  now?: () => number;
}

/** The JSON body an HTTP agent receives for one attempt. */
export interface AgentRequestBody {
  taskId: string;
  attempt: number;
  tenantId: string;
  externalId: string | null;
  impact: number;
  urgency: number;
  risk: number;
  capabilities: string[];
  payload: unknown;
}

export function agentRequestBody(message: ExecutionMessage): AgentRequestBody {
  const { task } = message;
  return {
    taskId: message.taskId,
    attempt: message.attempt,
    tenantId: message.tenantId,
    externalId: task.externalId,
    impact: task.impact,
    urgency: task.urgency,
    risk: task.risk,
    capabilities: task.capabilities,
    payload: task.payload ?? null,
  };
}

function validEndpoint(endpoint: string | null): URL | null {
  if (!endpoint) return null;
  try {
    const url = new URL(endpoint);
    return url.protocol === "http:" || url.protocol === "https:" ? url : null;
  } catch {
    return null;
  }
}

async function discardBody(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // Nothing left to release.
  }
}

/**
 * POSTs one attempt to an HTTP agent and classifies the answer. Times out after the agent's
 * `timeoutMs`. Never throws: every problem (bad endpoint, network error, timeout) is an outcome.
 */
export async function callHttpAgent(
  message: ExecutionMessage,
  options: HttpAgentOptions = {},
): Promise<ExecutionResult> {
  const doFetch: typeof fetch = options.fetch ?? ((input, init) => fetch(input, init));
  const now = options.now ?? (() => Date.now());
  const timeoutMs = message.agent.timeoutMs;

  const url = validEndpoint(message.agent.endpoint);
  if (!url) return { outcome: "rejected", latencyMs: 0, detail: "invalid or missing endpoint" };

  let body: string;
  try {
    body = JSON.stringify(agentRequestBody(message));
  } catch {
    return { outcome: "rejected", latencyMs: 0, detail: "task payload is not serialisable" };
  }

  const controller = new AbortController();
  const timer = setTimeout(() => {
    controller.abort(new DOMException(`timeout after ${timeoutMs} ms`, "TimeoutError"));
  }, timeoutMs);
  const start = now();
  const elapsed = () => Math.max(0, Math.round(now() - start));

  try {
    const response = await doFetch(url.toString(), {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        "x-warden-task-id": message.taskId,
        "x-warden-attempt": String(message.attempt),
      },
      body,
      signal: controller.signal,
    });
    const latencyMs = elapsed();
    await discardBody(response);
    return { ...classifyResponse(response.status, response.headers.get("retry-after"), now()), latencyMs };
  } catch (err) {
    const latencyMs = elapsed();
    const classified = controller.signal.aborted ? { outcome: "timeout" as const } : classifyError(err);
    if (classified.outcome === "timeout") {
      return { outcome: "timeout", latencyMs, detail: `timeout after ${timeoutMs} ms` };
    }
    return { ...classified, latencyMs };
  } finally {
    clearTimeout(timer);
  }
}
