import { createWardenClient, type WardenClient } from "../shared/client";
import { UsageError } from "./errors";

export const DEFAULT_URL = "http://127.0.0.1:8787";

/** Options every command accepts (declared on the program, so they go before or after the command). */
export interface GlobalOptions {
  url?: string;
  apiKey?: string;
  json?: boolean;
}

export interface CliContext {
  client: WardenClient;
  /** Warden's origin, for messages. */
  url: string;
  json: boolean;
}

/** Flags win over the environment; the environment wins over the default URL. */
export function resolveSettings(
  opts: GlobalOptions,
  env: Record<string, string | undefined> = process.env,
): { url: string; apiKey: string; json: boolean } {
  const url = (opts.url ?? env.WARDEN_URL ?? DEFAULT_URL).trim();
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`The Warden URL "${url}" is not a URL (set WARDEN_URL or pass --url).`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
    throw new UsageError(`The Warden URL must start with http:// or https:// (got "${url}").`);
  const apiKey = (opts.apiKey ?? env.WARDEN_API_KEY ?? "").trim();
  if (!apiKey) throw new UsageError("No API key: set WARDEN_API_KEY or pass --api-key.");
  return { url: parsed.origin + parsed.pathname.replace(/\/+$/, ""), apiKey, json: opts.json === true };
}

export function createContext(opts: GlobalOptions): CliContext {
  const { url, apiKey, json } = resolveSettings(opts);
  return { client: createWardenClient({ baseUrl: url, apiKey }), url, json };
}
