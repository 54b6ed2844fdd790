import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { buildDashboard, startDashboard } from "./dashboard-dev.mjs";
import { ensureDemoTenant } from "./demo.mjs";
import { ensureDashboardDevVars, ensureDevVars } from "./dev-vars.mjs";
import { wranglerBin } from "./processes.mjs";
import { startWranglerDev } from "./wrangler-dev.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const dashboardDir = `${root}dashboard`;

/**
 * Warden as `npm start` runs it: D1 migrations applied, the API on `apiPort` (wrangler dev),
 * the dashboard on `dashboardPort` (built, then served by wrangler pages dev) and the demo tenant,
 * whose hub plays the demo story at `speed` unless `autoplay` is false.
 * The browser tests start exactly this, on their own ports and state directory.
 */
export async function startStack({
  apiPort = 8787,
  dashboardPort = 8788,
  persistTo,
  stdio = "inherit",
  demoStatePath = `${root}.wrangler/demo-tenant.json`,
  log = console.log,
  // The demo story's speed (1, 5 or 10) and whether it plays; the browser tests want it quiet.
  speed = 5,
  autoplay = true,
} = {}) {
  const vars = ensureDevVars(`${root}.dev.vars`);
  ensureDashboardDevVars(`${dashboardDir}/.dev.vars`, vars.WARDEN_DASHBOARD_KEY);
  const persist = persistTo ? ["--persist-to", persistTo] : [];
  const apiOrigin = `http://127.0.0.1:${apiPort}`;
  const dashboardOrigin = `http://127.0.0.1:${dashboardPort}`;

  log("Applying D1 migrations to the local database…");
  execFileSync(process.execPath, [wranglerBin, "d1", "migrations", "apply", "DB", "--local", ...persist], {
    cwd: root,
    stdio,
    env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false", CI: "true" },
  });

  log("Building the dashboard…");
  buildDashboard(dashboardDir, stdio);

  log(`Starting the API on ${apiOrigin} …`);
  const api = await startWranglerDev({
    cwd: root,
    port: apiPort,
    stdio,
    // Invitation links and the SSO return point at the dashboard.
    extraArgs: ["--var", `WARDEN_DASHBOARD_URL:${dashboardOrigin}`, ...persist],
  });
  let dashboard;
  try {
    log(`Starting the dashboard on ${dashboardOrigin} …`);
    dashboard = await startDashboard({ dashboardDir, port: dashboardPort, apiOrigin, stdio, persistTo });
  } catch (err) {
    api.stop();
    throw err;
  }
  const stop = () => {
    dashboard.stop();
    api.stop();
  };
  try {
    const demo = await ensureDemoTenant(api.origin, vars.WARDEN_ADMIN_TOKEN, demoStatePath, {
      speed,
      autoplay,
    });
    return { api, dashboard, demo, vars, stop };
  } catch (err) {
    stop();
    throw err;
  }
}
