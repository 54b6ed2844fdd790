import type { ApiProblem } from "../shared/client";
import { ApiError, NetworkError, networkReason } from "./errors";

/** What every openapi-fetch call resolves to. */
interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Delay before the second attempt; doubles each time. */
  baseDelayMs: number;
  /** No single wait is longer than this, whatever Retry-After says. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 500, maxDelayMs: 30_000 };
export const NO_RETRY: RetryPolicy = { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 };

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
  });
}

/** 429 and 5xx may pass on their own; 4xx will not, however often they are sent. */
export function isRetryable(status: number): boolean {
  return status === 429 || status >= 500;
}

export function apiErrorOf(response: Response, body: unknown): ApiError {
  const problem =
    typeof body === "object" && body !== null && ("title" in body || "detail" in body)
      ? (body as Partial<ApiProblem>)
      : null;
  const retryAfter = Number(response.headers.get("retry-after"));
  return new ApiError(
    response.status,
    problem,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
  );
}

function waitFor(err: ApiError | NetworkError, attempt: number, policy: RetryPolicy): number {
  const backoff = policy.baseDelayMs * 2 ** (attempt - 1);
  const told = err instanceof ApiError && err.retryAfterSeconds !== null ? err.retryAfterSeconds * 1000 : 0;
  return Math.min(policy.maxDelayMs, Math.max(backoff, told));
}

/**
 * Runs one API call, retrying what may pass on its own (429 after its Retry-After, 5xx and network
 * errors with backoff), and returns the response body. Every call the CLI makes is safe to repeat:
 * reads, and batch submissions that carry an Idempotency-Key.
 */
export async function call<T>(
  run: () => Promise<FetchResult<T>>,
  {
    policy = DEFAULT_RETRY,
    baseUrl,
    signal,
    onRetry,
  }: {
    policy?: RetryPolicy;
    baseUrl: string;
    signal?: AbortSignal;
    onRetry?: (err: ApiError | NetworkError, waitMs: number) => void;
  },
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    let failure: ApiError | NetworkError;
    try {
      const { data, error, response } = await run();
      if (response.ok) return data as T;
      failure = apiErrorOf(response, error);
      if (!isRetryable(response.status)) throw failure;
    } catch (err) {
      if (err instanceof ApiError) throw err;
      if (signal?.aborted) throw err;
      failure = new NetworkError(baseUrl, networkReason(err));
    }
    if (attempt >= policy.attempts) throw failure;
    const wait = waitFor(failure, attempt, policy);
    onRetry?.(failure, wait);
    await sleep(wait, signal);
    if (signal?.aborted) throw failure;
  }
}
