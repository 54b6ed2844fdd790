import { spawn } from "node:child_process";

/**
 * Starts a command in its own process group, so the whole tree (wrangler, workerd, esbuild) can
 * be stopped together, and on the Node that runs this script (Node 22 from the devDependency).
 */
export function spawnGroup(args, { cwd, stdio = "inherit", env = {} }) {
  const child = spawn(process.execPath, args, {
    cwd,
    stdio,
    detached: true,
    env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false", ...env },
  });
  const stop = () => {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {}
  };
  return { child, stop };
}

/** Resolves once `url` answers below 500; fails if the process exits first or time runs out. */
export async function waitUntilServing(url, { child, stop }, what, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode}`);
    try {
      const res = await fetch(url, { redirect: "manual" });
      if (res.status < 500) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  stop();
  throw new Error(`${what} did not start within ${timeoutMs / 1000} s`);
}

export const wranglerBin = new URL("../../node_modules/wrangler/bin/wrangler.js", import.meta.url).pathname;
