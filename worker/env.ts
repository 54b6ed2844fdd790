import type { RateLimiter } from "../durable-objects/rate-limiter";
import type { TenantHub } from "../durable-objects/tenant-hub";
import type { ExecutionMessage } from "./executors/types";
import type { RetentionMessage } from "./retention-queue";
import type { WebhookMessage } from "./webhooks/message";

/** Bindings declared in wrangler.toml, plus secrets from `.dev.vars` / `wrangler secret`. */
export interface Env {
  DB: D1Database;
  TENANT_HUB: DurableObjectNamespace<TenantHub>;
  RATE_LIMITER: DurableObjectNamespace<RateLimiter>;
  EXECUTION_QUEUE: Queue<ExecutionMessage>;
  WEBHOOK_QUEUE: Queue<WebhookMessage>;
  /** One message per tenant per retention run (decision 020). */
  MAINTENANCE_QUEUE: Queue<RetentionMessage>;
  /** Platform admin token: creates, lists, suspends and resumes tenants through /api/v1/admin. */
  WARDEN_ADMIN_TOKEN: string;
  /**
   * Keys that sign access JWTs: `kid:secret` pairs separated by commas, secrets base64url of at
   * least 32 bytes. The first signs; all verify, so a key can be rotated without logging anyone out.
   */
  WARDEN_SESSION_KEYS: string;
  /** base64url of 32 bytes: the AES-GCM key that encrypts SSO client secrets at rest. */
  WARDEN_ENCRYPTION_KEY: string;
  /** Where the dashboard lives (invitation links, SSO return). Defaults to the API's own origin. */
  WARDEN_DASHBOARD_URL?: string;
  /**
   * A secret shared with the dashboard's server: with it, the dashboard's forwarded browser address
   * counts as the caller's address (login throttle, audit). Unset: forwarded addresses are ignored.
   */
  WARDEN_DASHBOARD_KEY?: string;
  /** "true" admits http://127.0.0.1 (and other loopback) URLs for webhooks and http agents: local use only. */
  WARDEN_ALLOW_LOCAL_URLS?: string;
  /**
   * Multiplies the webhook retry delays (default 1). Tests set "0" so that a retry schedule of
   * minutes and hours runs in moments; never set in production.
   */
  WARDEN_WEBHOOK_RETRY_SCALE?: string;
  /** "development" | "test" | "production"; defaults to production rules when absent. */
  WARDEN_ENV?: string;
}
