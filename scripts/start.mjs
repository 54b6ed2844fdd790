// npm start: local Warden with a demo tenant. Applies the D1 migrations, serves the API on
// 127.0.0.1:8787 (wrangler dev: workerd, local D1, Durable Objects and Queues) and the dashboard
// on 127.0.0.1:8788 (Remix on wrangler pages dev), seeds the demo tenant with six simulated
// agents, and prints how to sign in and call it.
import { startStack } from "./lib/stack.mjs";

const { api, dashboard, demo, vars, stop } = await startStack();
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    stop();
    process.exit(0);
  });
}
for (const server of [api, dashboard])
  server.child.on("exit", (code) => {
    stop();
    process.exit(code ?? 0);
  });

const batch = JSON.stringify({
  tasks: Array.from({ length: 20 }, (_, i) => ({
    impact: Number((0.3 + (i % 7) / 10).toFixed(2)),
    urgency: Number((0.2 + (i % 5) / 10).toFixed(2)),
    risk: Number(((i % 4) / 10).toFixed(2)),
    capabilities: ["general"],
  })),
});

console.log(`
Warden is running.

  Dashboard:        ${dashboard.origin}   ← open this and sign in
  API:              ${api.origin}   (reference: ${api.origin}/api/v1/docs)

  Demo tenant:      ${demo.tenantId} (slug ${demo.slug})
  Owner login:      ${demo.ownerEmail} / ${demo.ownerPassword}
  Demo API key:     ${demo.apiKey}
  Admin token:      ${vars.WARDEN_ADMIN_TOKEN}   (from .dev.vars)

Try it:

  export WARDEN_KEY=${demo.apiKey}
  curl -s -X POST ${api.origin}/api/v1/tasks/batch \\
    -H "Authorization: Bearer $WARDEN_KEY" -H "Content-Type: application/json" \\
    -H "Idempotency-Key: demo-$(date +%s)" -d '${batch}'
  curl -s ${api.origin}/api/v1/governance/state -H "Authorization: Bearer $WARDEN_KEY"

  # Sign in as the owner through the API (a 15-minute access token plus a refresh token):
  curl -s -X POST ${api.origin}/api/v1/auth/login -H "Content-Type: application/json" \\
    -d '{"email":"${demo.ownerEmail}","password":"${demo.ownerPassword}"}'

Press Ctrl+C to stop.
`);
