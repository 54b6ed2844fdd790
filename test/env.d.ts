declare namespace Cloudflare {
  interface GlobalProps {
    mainModule: typeof import("../worker/index");
    durableNamespaces: "TenantHub";
  }
  interface Env {
    DB: D1Database;
    TENANT_HUB: DurableObjectNamespace<import("../durable-objects/tenant-hub").TenantHub>;
    EXECUTION_QUEUE: Queue<import("../worker/executors/types").ExecutionMessage>;
    WARDEN_ADMIN_TOKEN: string;
    WARDEN_ENV: string;
    TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
  }
}
