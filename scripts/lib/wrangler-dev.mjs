import { spawn } from "node:child_process";

/**
 * Starts `wrangler dev` in its own process group (so the whole tree — wrangler, workerd, esbuild —
 * can be stopped together) and resolves once /health answers.
 */
export async function startWranglerDev({ cwd, port = 8787, stdio = "inherit", extraArgs = [] }) {
  const child = spawn(
    process.execPath,
    [
      new URL("../../node_modules/wrangler/bin/wrangler.js", import.meta.url).pathname,
      "dev",
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      ...extraArgs,
    ],
    {
      cwd,
      stdio,
      detached: true,
      env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false" },
    },
  );
  const origin = `http://127.0.0.1:${port}`;
  const stop = () => {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {}
  };
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with code ${child.exitCode}`);
    try {
      const res = await fetch(`${origin}/health`);
      if (res.ok) return { origin, child, stop };
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  stop();
  throw new Error("wrangler dev did not become healthy within 90 s");
}
