import { signatureHeader } from "../webhooks/sign";
import {
  type Classification,
  classifyError,
  classifyResponse,
  MAX_RESPONSE_BYTES,
  responseTooLarge,
  secretUnavailable,
} from "./classify";
import type { ExecutionMessage, ExecutionResult } from "./types";

export const USER_AGENT = "Warden/0.1";

export interface HttpAgentOptions {
  /** The fetch to call the agent with; defaults to the global one. */
  fetch?: typeof fetch;
  /** Clock in ms used to measure latency, to stamp signatures and to read Retry-After dates. */
  now?: () => number;
  /** Opens the agent's sealed signing secrets; without it a signed agent cannot be called. */
  openSecret?: (sealed: string) => Promise<string>;
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
 * Reads the body as text, but never more than `limit` bytes: a declared Content-Length over the
 * limit is refused unread, and a streamed body is cancelled as soon as it passes the limit, so an
 * agent cannot make the consumer buffer megabytes (or wait on an endless stream). `null` = too large.
 */
async function readCapped(response: Response, limit: number, signal: AbortSignal): Promise<string | null> {
  const declared = Number(response.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) {
    await discardBody(response);
    return null;
  }
  if (!response.body) return "";
  if (signal.aborted) throw signal.reason;
  const reader = response.body.getReader();
  // A body that stalls must not outlive the timeout, whoever produced the stream.
  const stop = () => void reader.cancel(signal.reason).catch(() => {});
  signal.addEventListener("abort", stop, { once: true });
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (signal.aborted) throw signal.reason;
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => {});
        return null;
      }
      chunks.push(value);
    }
  } finally {
    signal.removeEventListener("abort", stop);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/**
 * The `webhook-id` of one attempt. Derived, not random: a redelivered queue message carries the
 * same id, so an agent that dedupes on it runs the attempt once.
 */
export function webhookId(message: ExecutionMessage): string {
  return `${message.taskId}_${message.attempt}`;
}

/**
 * The Standard Webhooks headers for one request, signed with every live secret (newest first).
 * `{}` for an agent registered before signing existed; `null` when a secret does not open.
 */
async function signingHeaders(
  message: ExecutionMessage,
  body: string,
  nowMs: number,
  openSecret: HttpAgentOptions["openSecret"],
): Promise<Record<string, string> | null> {
  const sealed = message.agent.signingSecretsSealed ?? [];
  if (sealed.length === 0) return {};
  if (!openSecret) return null;
  try {
    const secrets = await Promise.all(sealed.map((s) => openSecret(s)));
    const id = webhookId(message);
    const timestamp = Math.floor(nowMs / 1_000);
    return {
      "webhook-id": id,
      "webhook-timestamp": String(timestamp),
      "webhook-signature": await signatureHeader(secrets, id, timestamp, body),
    };
  } catch {
    return null;
  }
}

/** Reads what the answer needs read (2xx and 4xx may carry a rejection) and classifies it. */
async function classifyAnswer(response: Response, now: number, signal: AbortSignal): Promise<Classification> {
  const { status } = response;
  const readsBody = (status >= 200 && status < 300) || (status >= 400 && status < 500 && status !== 429);
  if (!readsBody) {
    await discardBody(response);
    return classifyResponse(status, response.headers.get("retry-after"), now);
  }
  const text = await readCapped(response, MAX_RESPONSE_BYTES, signal);
  if (text === null) return responseTooLarge();
  return classifyResponse(status, response.headers.get("retry-after"), now, text);
}

/**
 * POSTs one attempt to an HTTP agent, signed with its secrets, and classifies the answer. Times out
 * after the agent's `timeoutMs` (reading the body included). Never throws: every problem (bad
 * endpoint, unopenable secret, network error, oversized answer, timeout) is an outcome.
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

  const signature = await signingHeaders(message, body, now(), options.openSecret);
  if (!signature) return { ...secretUnavailable(), latencyMs: 0 };

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
        ...signature,
      },
      body,
      signal: controller.signal,
    });
    const classified = await classifyAnswer(response, now(), controller.signal);
    return { ...classified, latencyMs: elapsed() };
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
