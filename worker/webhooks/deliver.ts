import { USER_AGENT } from "../executors/http";
import { signatureHeader } from "./sign";

export const DELIVERY_TIMEOUT_MS = 15_000;
const RESPONSE_KEEP_BYTES = 1024;

export interface DeliveryResult {
  statusCode: number | null;
  latencyMs: number;
  /** The first 1 KB of the response body, for the delivery log. */
  response: string | null;
  error: string | null;
}

/** Reads at most `limit` bytes and drops the rest, so a huge response costs nothing. */
async function head(response: Response, limit: number): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder().decode(all.subarray(0, limit));
}

/** POSTs one signed event. Never throws: a network error or timeout is a result like a 500. */
export async function deliver(
  url: string,
  messageId: string,
  body: string,
  secrets: string[],
  now: () => number = Date.now,
): Promise<DeliveryResult> {
  const timestamp = Math.floor(now() / 1000);
  const signature = await signatureHeader(secrets, messageId, timestamp, body);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), DELIVERY_TIMEOUT_MS);
  const start = now();
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        "webhook-id": messageId,
        "webhook-timestamp": String(timestamp),
        "webhook-signature": signature,
      },
      body,
      signal: controller.signal,
      redirect: "manual",
    });
    const latencyMs = Math.round(now() - start);
    return {
      statusCode: response.status,
      latencyMs,
      response: await head(response, RESPONSE_KEEP_BYTES).catch(() => null),
      error: null,
    };
  } catch (err) {
    return {
      statusCode: null,
      latencyMs: Math.round(now() - start),
      response: null,
      error: controller.signal.aborted
        ? `timeout after ${DELIVERY_TIMEOUT_MS} ms`
        : err instanceof Error
          ? err.message.slice(0, 500)
          : "network error",
    };
  } finally {
    clearTimeout(timer);
  }
}
