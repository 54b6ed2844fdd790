import type { ApiProblem } from "../shared/client";

/** The command line was used wrongly (missing key, bad flag value): exit 2, nothing was sent. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** The API answered with an error; `problem` is its problem+json body when it sent one. */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: number,
    readonly problem: Partial<ApiProblem> | null,
    readonly retryAfterSeconds: number | null,
  ) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
  }
}

/** Warden could not be reached at all (refused, reset, DNS…). */
export class NetworkError extends Error {
  override name = "NetworkError";
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`Could not reach Warden at ${url} (${reason}).`);
  }
}

/** Why a fetch failed, from undici's `cause` chain (`ECONNREFUSED`), or its message. */
export function networkReason(err: unknown): string {
  let e: unknown = err;
  while (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
    if (!e.cause) return e.message;
    e = e.cause;
  }
  return String(err);
}
