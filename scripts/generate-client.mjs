// npm run client:generate: refreshes the typed client's API document and types from the Worker.
// Starts the API under wrangler dev on a free port with throw-away local state, saves what it
// serves at /api/v1/openapi.json to shared/client/openapi.json, renders shared/client/schema.d.ts
// from that committed file, and stops the server.
import { mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { renderClientSchema } from "./lib/client-schema.mjs";
import { ensureDevVars } from "./lib/dev-vars.mjs";
import { startWranglerDev } from "./lib/wrangler-dev.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const documentPath = `${root}shared/client/openapi.json`;
const schemaPath = `${root}shared/client/schema.d.ts`;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Stops wrangler and waits (a few seconds at most) until it has let go of its state files. */
function stopped({ child, stop }) {
  const exited = new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", resolve);
  });
  stop();
  return Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
}

async function fetchDocument() {
  const work = `${root}.tmp/client-generate-${process.pid}`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const logPath = `${work}/wrangler.log`;
  const log = openSync(logPath, "w");
  ensureDevVars(`${root}.dev.vars`);
  let api;
  try {
    api = await startWranglerDev({
      cwd: root,
      port: await freePort(),
      stdio: ["ignore", log, log],
      extraArgs: ["--persist-to", `${work}/state`],
    });
    const res = await fetch(`${api.origin}/api/v1/openapi.json`);
    if (!res.ok) throw new Error(`GET /api/v1/openapi.json answered ${res.status}`);
    return await res.json();
  } catch (err) {
    process.stderr.write(readFileSync(logPath, "utf8"));
    throw err;
  } finally {
    if (api) await stopped(api);
    rmSync(work, { recursive: true, force: true });
  }
}

const document = await fetchDocument();
writeFileSync(documentPath, `${JSON.stringify(document, null, 2)}\n`);
// Rendered from the file just written, exactly as the sync test renders it.
writeFileSync(schemaPath, await renderClientSchema(readFileSync(documentPath, "utf8")));
const operations = Object.values(document.paths ?? {}).reduce((n, item) => n + Object.keys(item).length, 0);
console.log(`Wrote shared/client/openapi.json (${operations} operations) and shared/client/schema.d.ts.`);
