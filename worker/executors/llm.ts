import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from "openai";
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import { MAX_RETRY_AFTER_MS, parseRetryAfter } from "./classify";
import { checkOutput } from "./output-contract";
import { fillPrompt } from "./prompt-template";
import type { ExecutionMessage, ExecutionResult, ExecutorOptions, LlmCallUsage } from "./types";

export interface LlmAgentOptions extends ExecutorOptions {
  /** Clock in ms for latency and Retry-After dates; defaults to Date.now. */
  now?: () => number;
}

/**
 * The client refuses to start without a key, but local model servers take none: it gets this
 * stand-in and the Authorization header is then dropped, so the server sees no credential at all.
 */
const NO_KEY = "no-key";

/** Provider error codes (`invalid_api_key`, `model_not_found`) are safe to show; their messages may quote the key. */
const SAFE_CODE = /^[\w.-]{1,64}$/;

type Answer = Omit<ExecutionResult, "latencyMs">;

function clientFor(
  message: ExecutionMessage,
  baseURL: string,
  apiKey: string | null,
  options: LlmAgentOptions,
) {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  return new OpenAI({
    apiKey: apiKey ?? NO_KEY,
    baseURL,
    // A plain function: workerd's fetch throws "Illegal invocation" when called as a method of another object.
    fetch: (input, init) => doFetch(input, init),
    // Retries belong to the governance engine (another agent, another attempt), not to the client.
    maxRetries: 0,
    timeout: message.agent.timeoutMs,
    // Explicit, so nothing is read from the Worker's environment (OPENAI_ORG_ID, OPENAI_PROJECT_ID).
    organization: null,
    project: null,
    logLevel: "off",
    ...(apiKey === null ? { defaultHeaders: { authorization: null } } : {}),
  });
}

/** A 429's back-off: the provider's `retry-after-ms` when given, else `Retry-After`. */
function retryAfter(headers: Headers | undefined, now: number): number {
  const ms = headers?.get("retry-after-ms")?.trim();
  if (ms && /^\d+(\.\d+)?$/.test(ms)) return Math.min(MAX_RETRY_AFTER_MS, Math.round(Number(ms)));
  return parseRetryAfter(headers?.get("retry-after"), now);
}

/**
 * How a provider's error answer counts. A 4xx other than 429 is a failure, not a rejection: it is
 * nearly always the agent's own setup (a revoked key, a model name the provider does not know, a
 * parameter it refuses), so it must cost the agent trust until governance suppresses it, and the
 * task must stay free to run on a better-configured agent. A rejection would do neither.
 */
function classifyApiError(err: APIError, now: number): Answer {
  const status = err.status;
  if (status === undefined) return { outcome: "failure", reason: "network_error", detail: "network error" };
  const code = typeof err.code === "string" && SAFE_CODE.test(err.code) ? ` (${err.code})` : "";
  const detail = `HTTP ${status}${code}`;
  if (status === 429) {
    return {
      outcome: "rate_limited",
      reason: "http_429",
      retryAfterMs: retryAfter(err.headers, now),
      detail,
    };
  }
  return { outcome: "failure", reason: `http_${status}`, detail };
}

function classifyThrown(err: unknown, timedOut: boolean, timeoutMs: number, now: number): Answer {
  if (timedOut || err instanceof APIConnectionTimeoutError) {
    return { outcome: "timeout", reason: "timeout", detail: `timeout after ${timeoutMs} ms` };
  }
  if (err instanceof APIConnectionError)
    return { outcome: "failure", reason: "network_error", detail: "network error" };
  if (err instanceof APIError) return classifyApiError(err, now);
  // A 2xx the client could not read (not JSON, cut short): the provider broke the protocol.
  return { outcome: "failure", reason: "bad_response", detail: "unreadable response from the model API" };
}

async function openKey(
  message: ExecutionMessage,
  options: LlmAgentOptions,
): Promise<string | null | undefined> {
  const sealed = message.agent.apiKeySealed;
  if (!sealed) return null;
  if (!options.openSecret) return undefined;
  try {
    return await options.openSecret(sealed);
  } catch {
    return undefined;
  }
}

function promptMessages(message: ExecutionMessage): ChatCompletionMessageParam[] {
  const llm = message.agent.llm;
  if (!llm) return [];
  const { task } = message;
  const user = fillPrompt(llm.promptTemplate, {
    payload: task.payload ?? null,
    task: {
      id: message.taskId,
      impact: task.impact,
      urgency: task.urgency,
      risk: task.risk,
      externalId: task.externalId,
      capabilities: task.capabilities,
    },
  });
  return [
    ...(llm.systemPrompt ? [{ role: "system" as const, content: llm.systemPrompt }] : []),
    { role: "user" as const, content: user },
  ];
}

/**
 * Runs one attempt as a chat completion on the agent's OpenAI-compatible API and classifies it:
 * success, 429 rate limited, other errors failures (reason `http_<status>`, `network_error`),
 * the agent's `timeoutMs` a timeout, an empty completion `empty_output`, output that breaks the
 * agent's output schema `invalid_output`. Tokens are reported whenever the provider counted them,
 * failed contracts included: they were spent. Never throws.
 */
export async function callLlmAgent(
  message: ExecutionMessage,
  options: LlmAgentOptions = {},
): Promise<ExecutionResult> {
  const llm = message.agent.llm;
  if (!llm)
    return {
      outcome: "rejected",
      latencyMs: 0,
      reason: "not_configured",
      detail: "llm agent has no model settings",
    };
  const now = options.now ?? (() => Date.now());

  const apiKey = await openKey(message, options);
  if (apiKey === undefined) {
    return {
      outcome: "failure",
      latencyMs: 0,
      reason: "secret_unavailable",
      detail: "the provider key could not be opened",
    };
  }

  const timeoutMs = message.agent.timeoutMs;
  // The client's own timeout stops at the response headers; this one also covers reading the body.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const start = now();
  const elapsed = () => Math.max(0, Math.round(now() - start));
  try {
    const client = clientFor(message, llm.baseUrl, apiKey, options);
    const completion = await client.chat.completions.create(
      {
        model: llm.model,
        messages: promptMessages(message),
        temperature: llm.temperature,
        // `max_tokens`, not `max_completion_tokens`: the one field every compatible server reads.
        ...(llm.maxTokens !== undefined ? { max_tokens: llm.maxTokens } : {}),
      },
      { signal: controller.signal },
    );
    const latencyMs = elapsed();
    const usage: LlmCallUsage | undefined = completion.usage
      ? {
          // The configured name, not the echoed one: prices are keyed by what the agent asked for.
          model: llm.model,
          promptTokens: completion.usage.prompt_tokens,
          completionTokens: completion.usage.completion_tokens,
        }
      : undefined;
    const spent = usage ? { usage } : {};
    const text = completion.choices[0]?.message?.content ?? "";
    if (text.trim() === "") {
      return {
        outcome: "failure",
        latencyMs,
        reason: "empty_output",
        detail: "the model returned no text",
        ...spent,
      };
    }
    if (llm.outputSchema) {
      const contract = checkOutput(text, llm.outputSchema);
      if (!contract.ok)
        return { outcome: "failure", latencyMs, reason: "invalid_output", detail: contract.detail, ...spent };
    }
    return { outcome: "success", latencyMs, ...spent };
  } catch (err) {
    return { ...classifyThrown(err, controller.signal.aborted, timeoutMs, now()), latencyMs: elapsed() };
  } finally {
    clearTimeout(timer);
  }
}
