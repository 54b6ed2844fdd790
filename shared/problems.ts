/**
 * One error envelope for the whole API: RFC 9457 problem details. Routes and the hub throw
 * `Problem`s where an error arises; the Worker maps them (and zod failures) once in `app.onError`.
 */
export interface FieldError {
  /** JSON path of the field at fault, e.g. `tasks[3].impact`. */
  field: string;
  message: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

const TYPE_BASE = "https://warden.dev/problems/";

export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    readonly detail: string,
    readonly errors?: FieldError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = "Problem";
  }

  body(instance?: string): ProblemBody {
    const body: ProblemBody = {
      type: TYPE_BASE + this.slug,
      title: this.title,
      status: this.status,
      detail: this.detail,
    };
    if (instance) body.instance = instance;
    if (this.errors?.length) body.errors = this.errors;
    return body;
  }
}

export const problems = {
  validation: (errors: FieldError[], detail?: string) =>
    new Problem(
      400,
      "validation",
      "Invalid request",
      detail ?? `Invalid value for ${errors.map((e) => e.field || "body").join(", ")}.`,
      errors,
    ),
  malformedJson: () =>
    new Problem(400, "malformed-json", "Malformed JSON", "The request body is not valid JSON.", [
      { field: "body", message: "Malformed JSON" },
    ]),
  unauthorized: (detail = "A valid API key is required.") =>
    new Problem(401, "unauthorized", "Unauthorized", detail, undefined, { "WWW-Authenticate": "Bearer" }),
  forbidden: (detail: string) => new Problem(403, "forbidden", "Forbidden", detail),
  notFound: (what: string) => new Problem(404, "not-found", "Not found", `${what} was not found.`),
  conflict: (detail: string) => new Problem(409, "conflict", "Conflict", detail),
  payloadTooLarge: (field: string, detail: string) =>
    new Problem(413, "payload-too-large", "Payload too large", detail, [{ field, message: detail }]),
  unsupportedMediaType: () =>
    new Problem(
      415,
      "unsupported-media-type",
      "Unsupported media type",
      "Send the body as application/json.",
      [{ field: "content-type", message: "Expected application/json" }],
    ),
  tooManyRequests: (detail: string, retryAfterSeconds: number, headers: Record<string, string> = {}) =>
    new Problem(429, "rate-limited", "Too many requests", detail, undefined, {
      ...headers,
      "Retry-After": String(retryAfterSeconds),
    }),
  unavailable: (detail: string) => new Problem(503, "unavailable", "Service unavailable", detail),
  internal: () =>
    new Problem(500, "internal", "Internal error", "An unexpected error occurred. It has been logged."),
};

/** Formats a zod issue path (["tasks", 3, "impact"]) as `tasks[3].impact`. */
export function fieldPath(path: ReadonlyArray<PropertyKey>, prefix = ""): string {
  let out = prefix;
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/** A Problem as plain data, so it can cross the Durable Object RPC boundary as a value. */
export interface ProblemData {
  status: number;
  slug: string;
  title: string;
  detail: string;
  errors?: FieldError[];
}

export function problemData(p: Problem): ProblemData {
  return {
    status: p.status,
    slug: p.slug,
    title: p.title,
    detail: p.detail,
    ...(p.errors ? { errors: p.errors } : {}),
  };
}

export function problemFromData(d: ProblemData): Problem {
  return new Problem(d.status, d.slug, d.title, d.detail, d.errors);
}

/**
 * What a hub method that can be refused returns: the value, or the problem to answer with.
 * Expected refusals (not found, conflict) are values, not exceptions, so they are never logged
 * as errors by the runtime.
 */
export type HubResult<T> = { ok: true; value: T } | { ok: false; problem: ProblemData };
