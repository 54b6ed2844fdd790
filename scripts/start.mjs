// npm start: local Warden with a demo tenant. Applies the D1 migrations, serves the API on
// 127.0.0.1:8787 (wrangler dev: workerd, local D1, Durable Objects and Queues), seeds the demo
// tenant with six simulated agents, and prints how to call it.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { ensureDemoTenant } from "./lib/demo.mjs";
import { ensureDevVars } from "./lib/dev-vars.mjs";
import { startWranglerDev } from "./lib/wrangler-dev.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const vars = ensureDevVars(`${root}.dev.vars`);
const wrangler = fileURLToPath(new URL("../node_modules/wrangler/bin/wrangler.js", import.meta.url));
const env = {
  ...process.env,
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_SEND_METRICS: "false",
  CI: "true",
};

console.log("Applying D1 migrations to the local database…");
execFileSync(process.execPath, [wrangler, "d1", "migrations", "apply", "DB", "--local"], {
  cwd: root,
  stdio: "inherit",
  env,
});

console.log("Starting the API on http://127.0.0.1:8787 …");
const server = await startWranglerDev({ cwd: root });
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    server.stop();
    process.exit(0);
  });
}
server.child.on("exit", (code) => process.exit(code ?? 0));

const demo = await ensureDemoTenant(
  server.origin,
  vars.WARDEN_ADMIN_TOKEN,
  `${root}.wrangler/demo-tenant.json`,
);
const batch = JSON.stringify({
  tasks: Array.from({ length: 20 }, (_, i) => ({
    impact: Number((0.3 + (i % 7) / 10).toFixed(2)),
    urgency: Number((0.2 + (i % 5) / 10).toFixed(2)),
    risk: Number(((i % 4) / 10).toFixed(2)),
    capabilities: ["general"],
  })),
});

console.log(`
Warden is running: http://127.0.0.1:8787   (API reference: http://127.0.0.1:8787/api/v1/docs)

  Demo tenant:      ${demo.tenantId} (slug ${demo.slug})
  Owner login:      ${demo.ownerEmail} / ${demo.ownerPassword}
  Demo API key:     ${demo.apiKey}
  Admin token:      ${vars.WARDEN_ADMIN_TOKEN}   (from .dev.vars)

Try it:

  export WARDEN_KEY=${demo.apiKey}
  curl -s -X POST http://127.0.0.1:8787/api/v1/tasks/batch \\
    -H "Authorization: Bearer $WARDEN_KEY" -H "Content-Type: application/json" \\
    -H "Idempotency-Key: demo-$(date +%s)" -d '${batch}'
  curl -s http://127.0.0.1:8787/api/v1/governance/state -H "Authorization: Bearer $WARDEN_KEY"

  # Sign in as the owner (a 15-minute access token plus a refresh token):
  curl -s -X POST http://127.0.0.1:8787/api/v1/auth/login -H "Content-Type: application/json" \\
    -d '{"email":"${demo.ownerEmail}","password":"${demo.ownerPassword}"}'

Press Ctrl+C to stop.
`);
