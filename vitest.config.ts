import { fileURLToPath } from "node:url";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig, type ViteUserConfig } from "vitest/config";

// Two projects: the pure engine runs in plain Node (fast); everything that touches the Worker,
// the Durable Object, D1 or Queues runs inside workerd with the real D1 migrations applied.
export default defineConfig(async (): Promise<ViteUserConfig> => {
  const migrations = await readD1Migrations(fileURLToPath(new URL("./migrations", import.meta.url)));
  return {
    test: {
      // Request logs are one JSON line each; show them only for failing tests.
      silent: "passed-only",
      teardownTimeout: 30_000,
      // The JSON report lets CI print one plain "N passed, N failed" line at the end.
      reporters: ["default", ["json", { outputFile: ".tmp/test-results.json" }]],
      projects: [
        {
          test: {
            name: "unit",
            include: ["test/unit/**/*.test.ts"],
            environment: "node",
          },
        },
        {
          plugins: [
            cloudflareTest({
              wrangler: { configPath: "./wrangler.toml" },
              miniflare: {
                bindings: {
                  TEST_MIGRATIONS: migrations,
                  WARDEN_ADMIN_TOKEN: "test-admin-token",
                  WARDEN_ENV: "test",
                  // Tests call agents and webhook receivers on 127.0.0.1.
                  WARDEN_ALLOW_LOCAL_URLS: "true",
                  // Webhook retries after 0 s instead of 5 s, 5 min, 30 min…: the schedule has its own unit test.
                  WARDEN_WEBHOOK_RETRY_SCALE: "0",
                  // Test-only secrets: two session keys (the second verifies tokens signed before a rotation).
                  WARDEN_SESSION_KEYS:
                    "k2026b:dGVzdC1zZXNzaW9uLWtleS0yLXRoaXJ0eS10d28tYnl0ZXMhIQ,k2026a:dGVzdC1zZXNzaW9uLWtleS0xLXRoaXJ0eS10d28tYnl0ZXMhIQ",
                  WARDEN_ENCRYPTION_KEY: "dGVzdC1lbmNyeXB0aW9uLWtleS10aGlydHktdHdvLWI",
                  WARDEN_DASHBOARD_KEY: "test-dashboard-key-4f1c9a",
                },
              },
            }),
          ],
          test: {
            name: "workers",
            include: ["test/integration/**/*.test.ts"],
            setupFiles: ["./test/apply-migrations.ts"],
            globalSetup: [
              "./test/agent-server.global.ts",
              "./test/oidc-provider.global.ts",
              "./test/webhook-receiver.global.ts",
              "./test/llm-server.global.ts",
            ],
            testTimeout: 60_000,
            hookTimeout: 60_000,
          },
        },
        {
          // The dashboard in Debian's Chromium against the API and dashboard started as `npm start`
          // starts them. One file at a time: each drives a real browser on a 2-core machine.
          test: {
            name: "e2e",
            include: ["test/e2e/**/*.test.ts"],
            environment: "node",
            globalSetup: ["./test/e2e/stack.global.ts"],
            fileParallelism: false,
            testTimeout: 120_000,
            hookTimeout: 180_000,
          },
        },
      ],
    },
  };
});
