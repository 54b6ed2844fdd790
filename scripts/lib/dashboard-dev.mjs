import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { spawnGroup, waitUntilServing, wranglerBin } from "./processes.mjs";

/** The workspace's own @remix-run/dev (npm may keep it under dashboard/node_modules). */
function remixBin(dashboardDir) {
  const pkg = createRequire(join(dashboardDir, "package.json")).resolve("@remix-run/dev/package.json");
  return join(pkg, "..", "dist", "cli.js");
}

/** `remix vite:build`: the Pages Function imports the server build, so it must exist first. */
export function buildDashboard(dashboardDir, stdio = "inherit") {
  // NODE_ENV from a test runner ("test") would make Vite bundle React's development build.
  execFileSync(process.execPath, [remixBin(dashboardDir), "vite:build"], {
    cwd: dashboardDir,
    stdio,
    env: { ...process.env, NODE_ENV: "production" },
  });
}

/** Serves the built dashboard as Cloudflare Pages does (`wrangler pages dev`), talking to `apiOrigin`. */
export async function startDashboard({ dashboardDir, port = 8788, apiOrigin, stdio = "inherit", persistTo }) {
  const args = [wranglerBin, "pages", "dev", "./build/client", "--ip", "127.0.0.1", "--port", String(port)];
  args.push("--binding", `WARDEN_API_URL=${apiOrigin}`);
  if (persistTo) args.push("--persist-to", persistTo);
  const proc = spawnGroup(args, { cwd: dashboardDir, stdio });
  const origin = `http://127.0.0.1:${port}`;
  await waitUntilServing(`${origin}/login`, proc, "wrangler pages dev");
  return { origin, ...proc };
}
