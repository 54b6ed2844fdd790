/** The dashboard's bindings (wrangler.toml `[vars]` and secrets). */
export interface DashboardEnv {
  /** The API's origin, e.g. https://api.warden.example or http://127.0.0.1:8787 locally. */
  WARDEN_API_URL: string;
  /** Signs the session cookie. Comma-separated: the first signs, all verify (rotation). */
  DASHBOARD_SESSION_SECRETS?: string;
  /** Shared with the API (its WARDEN_DASHBOARD_KEY): lets it trust the browser address we forward. */
  WARDEN_DASHBOARD_KEY?: string;
}

export function apiOrigin(env: DashboardEnv): string {
  return (env.WARDEN_API_URL || "http://127.0.0.1:8787").replace(/\/+$/, "");
}
