import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { inject } from "vitest";
import { createWardenClient, type WardenClient } from "../../shared/client";

const BIN = fileURLToPath(new URL("../../cli/warden.mjs", import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `warden …` as a user would, in its own process, against the e2e API. `interruptWhen` sends
 * Ctrl+C (SIGINT) once the output so far satisfies it.
 */
export function runCli(
  args: string[],
  {
    apiKey,
    timeoutMs = 100_000,
    interruptWhen,
  }: { apiKey: string; timeoutMs?: number; interruptWhen?: (stdout: string) => boolean },
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, WARDEN_URL: inject("apiOrigin"), WARDEN_API_KEY: apiKey },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let interrupted = false;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`warden ${args.join(" ")} ran longer than ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      if (interruptWhen && !interrupted && interruptWhen(stdout)) {
        interrupted = true;
        child.kill("SIGINT");
      }
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface CliTenant {
  apiKey: string;
  client: WardenClient;
}

/**
 * A tenant of its own, made the way a customer makes one: self-service signup, then an API key
 * created with the owner's session, then simulated agents registered with that key.
 */
export async function signUpTenant(
  agents: { name: string; successRate: number; capabilities?: string[] }[],
): Promise<CliTenant> {
  const origin = inject("apiOrigin");
  const anonymous = createWardenClient({ baseUrl: origin });
  const tag = randomBytes(5).toString("hex");
  const signup = await anonymous.POST("/signup", {
    body: {
      organization: `CLI ${tag}`,
      email: `owner-${tag}@cli.example.com`,
      password: `pw-${randomBytes(12).toString("hex")}`,
      name: "CLI Owner",
    },
  });
  if (!signup.data) throw new Error(`signup failed: ${JSON.stringify(signup.error)}`);
  const owner = createWardenClient({ baseUrl: origin, apiKey: signup.data.accessToken });
  const key = await owner.POST("/api-keys", {
    body: {
      name: "cli",
      scopes: ["tasks:read", "tasks:write", "agents:read", "agents:write", "events:read"],
    },
  });
  if (!key.data) throw new Error(`API key creation failed: ${JSON.stringify(key.error)}`);
  const client = createWardenClient({ baseUrl: origin, apiKey: key.data.key });
  for (const agent of agents) {
    const res = await client.POST("/agents", {
      body: {
        name: agent.name,
        kind: "simulated",
        capabilities: agent.capabilities ?? ["general"],
        maxConcurrency: 200,
        simulation: { successRate: agent.successRate, latencyMs: 5 },
      },
    });
    if (!res.data) throw new Error(`agent registration failed: ${JSON.stringify(res.error)}`);
  }
  return { apiKey: key.data.key, client };
}
