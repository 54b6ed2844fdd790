import type { ProblemBody } from "../../../shared/problems";

/** An API answer that was not 2xx, carrying its problem document for the page to show. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: ProblemBody,
  ) {
    super(problem.detail || problem.title);
    this.name = "ApiError";
  }

  /** The message for a field (`email`, `tasks[3].impact`…), if the API named it. */
  fieldMessage(field: string): string | undefined {
    return this.problem.errors?.find((e) => e.field === field)?.message;
  }
}

export interface ApiCall {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  query?: Record<string, string | number | boolean | undefined | null>;
}

export interface Api {
  /** Parsed JSON of a 2xx answer (undefined for 204); throws ApiError otherwise. */
  call<T>(path: string, init?: ApiCall): Promise<T>;
  get<T>(path: string, query?: ApiCall["query"]): Promise<T>;
  /** The raw response, for streams and downloads (CSV export). */
  raw(path: string, init?: ApiCall): Promise<Response>;
}

export function withQuery(path: string, query: ApiCall["query"]): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== null && v !== "") params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}${path.includes("?") ? "&" : "?"}${qs}` : path;
}

async function problemOf(res: Response): Promise<ProblemBody> {
  const text = await res.text();
  try {
    const body = JSON.parse(text) as Partial<ProblemBody>;
    if (typeof body.title === "string") return { detail: "", ...body } as ProblemBody;
  } catch {
    // not JSON: described below
  }
  return {
    type: "about:blank",
    title: res.statusText || "Error",
    status: res.status,
    detail: `The API answered ${res.status}.`,
  };
}

/** What the API should know about the browser behind a call. */
export interface CallerFacts {
  userAgent: string | null;
  address: string | null;
  dashboardKey: string | undefined;
}

export function callerFacts(request: Request, dashboardKey: string | undefined): CallerFacts {
  return {
    userAgent: request.headers.get("User-Agent"),
    address: request.headers.get("CF-Connecting-IP"),
    dashboardKey,
  };
}

/**
 * The API over HTTP, as the signed-in user (or anonymously). Paths are relative to /api/v1.
 * A network failure becomes a 502 problem, so pages show "the API is unreachable", not a crash.
 */
export function apiClient(origin: string, token?: string, caller?: CallerFacts): Api {
  const raw = async (path: string, init: ApiCall = {}) => {
    const headers: Record<string, string> = { Accept: "application/json", ...init.headers };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (caller?.userAgent) headers["User-Agent"] = caller.userAgent;
    // The API believes the forwarded address only next to the shared key (login throttle, audit).
    if (caller?.address && caller.dashboardKey) {
      headers["X-Warden-Client-Address"] = caller.address;
      headers["X-Warden-Dashboard-Key"] = caller.dashboardKey;
    }
    let body: BodyInit | undefined;
    if (init.body !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(init.body);
    }
    try {
      return await fetch(`${origin}/api/v1${withQuery(path, init.query)}`, {
        method: init.method ?? "GET",
        headers,
        body,
        redirect: "manual",
      });
    } catch (err) {
      throw new ApiError(502, {
        type: "about:blank",
        title: "API unreachable",
        status: 502,
        detail: `The Warden API at ${origin} could not be reached (${(err as Error).message}).`,
      });
    }
  };
  const call = async <T>(path: string, init: ApiCall = {}): Promise<T> => {
    const res = await raw(path, init);
    if (!res.ok) throw new ApiError(res.status, await problemOf(res));
    if (res.status === 204) return undefined as T;
    return (await res.json()) as T;
  };
  return { raw, call, get: (path, query) => call(path, { query }) };
}
