// npm start: local Warden with a demo tenant. Applies the D1 migrations, serves the API on
// 127.0.0.1:8787 (wrangler dev: workerd, local D1, Durable Objects and Queues) and the dashboard
// on 127.0.0.1:8788 (Remix on wrangler pages dev), makes the demo tenant whose hub plays the demo
// story with six simulated agents, and prints how to sign in and call it.
//
//   npm start -- --speed 10        (or WARDEN_DEMO_SPEED=10 npm start; 1, 5 or 10; default 5)
import { parseArgs } from "node:util";
import { startStack } from "./lib/stack.mjs";

const SPEEDS = [1, 5, 10];
const { values: flags } = parseArgs({ options: { speed: { type: "string" } }, strict: true });
const speed = Number(flags.speed ?? process.env.WARDEN_DEMO_SPEED ?? 5);
if (!SPEEDS.includes(speed)) {
  console.error(
    `The demo speed must be one of ${SPEEDS.join(", ")} (got ${flags.speed ?? process.env.WARDEN_DEMO_SPEED}).`,
  );
  process.exit(2);
}

const { api, dashboard, demo, vars, stop } = await startStack({ speed });
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
  API:              ${api.origin}   (docs: ${api.origin}/api/docs, metrics: ${api.origin}/metrics)

  Demo tenant:      ${demo.tenantId} (slug ${demo.slug})
  Owner login:      ${demo.ownerEmail} / ${demo.ownerPassword}
  Demo API key:     ${demo.apiKey}
  Admin token:      ${vars.WARDEN_ADMIN_TOKEN}   (from .dev.vars)

The demo story plays at ${speed}× (about ${Math.round(demo.story.script.at(-1).at)} s; change with --speed 1|5|10):
${demo.story.script.map((s) => `  ${`${Math.round(s.at)} s`.padStart(6)}  ${s.title}`).join("\n")}

  Start it over:    curl -s -X POST ${api.origin}/api/v1/demo/reset -H "Authorization: Bearer ${demo.apiKey}"
  Where it stands:  curl -s ${api.origin}/api/v1/demo -H "Authorization: Bearer ${demo.apiKey}"

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
