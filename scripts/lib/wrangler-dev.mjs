import { spawnGroup, waitUntilServing, wranglerBin } from "./processes.mjs";

/** Starts the API with `wrangler dev` and resolves once /health answers. */
export async function startWranglerDev({ cwd, port = 8787, stdio = "inherit", extraArgs = [] }) {
  const proc = spawnGroup([wranglerBin, "dev", "--ip", "127.0.0.1", "--port", String(port), ...extraArgs], {
    cwd,
    stdio,
  });
  const origin = `http://127.0.0.1:${port}`;
  await waitUntilServing(`${origin}/health`, proc, "wrangler dev");
  return { origin, ...proc };
}
