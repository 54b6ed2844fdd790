declare namespace Cloudflare {
  interface GlobalProps {
    mainModule: typeof import("../worker/index");
    durableNamespaces: "TenantHub" | "RateLimiter";
  }
  interface Env {
    DB: D1Database;
    TENANT_HUB: DurableObjectNamespace<import("../durable-objects/tenant-hub").TenantHub>;
    EXECUTION_QUEUE: Queue<import("../worker/executors/types").ExecutionMessage>;
    WEBHOOK_QUEUE: Queue<import("../worker/webhooks/message").WebhookMessage>;
    MAINTENANCE_QUEUE: Queue<import("../worker/retention-queue").RetentionMessage>;
    WARDEN_WEBHOOK_RETRY_SCALE: string;
    WARDEN_ADMIN_TOKEN: string;
    RATE_LIMITER: DurableObjectNamespace<import("../durable-objects/rate-limiter").RateLimiter>;
    WARDEN_ENV: string;
    WARDEN_ALLOW_LOCAL_URLS: string;
    WARDEN_SESSION_KEYS: string;
    WARDEN_ENCRYPTION_KEY: string;
    TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
  }
}
