import createClient, { type Client } from "openapi-fetch";
import type { components, paths } from "./schema";

export type { components, paths };
export type WardenClient = Client<paths>;
/** A problem+json error body as the API sends it (RFC 9457). */
export type ApiProblem = components["schemas"]["Problem"];

export interface WardenClientOptions {
  /** Where Warden runs, e.g. `https://warden.example.com` or `http://127.0.0.1:8787`. */
  baseUrl: string;
  /** A tenant API key (`wk_live_…`) or a session access token, sent as a Bearer token. */
  apiKey?: string;
  /** Replaces the global fetch, for tests and custom transports. */
  fetch?: (input: Request) => Promise<Response>;
}

/**
 * A client for the Warden API typed by its OpenAPI document: paths, parameters, bodies and
 * responses are checked at compile time. Paths are written as the document names them
 * (`/tasks/{id}`), relative to `/api/v1`.
 */
export function createWardenClient({ baseUrl, apiKey, fetch }: WardenClientOptions): WardenClient {
  return createClient<paths>({
    baseUrl: `${baseUrl.replace(/\/+$/, "")}/api/v1`,
    headers: apiKey ? { Authorization: `Bearer ${apiKey}` } : {},
    ...(fetch ? { fetch } : {}),
  });
}
