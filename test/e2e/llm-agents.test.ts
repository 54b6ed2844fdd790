import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "playwright-core";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, launchBrowser, newContext, signIn, waitLive } from "./browser";

interface AgentView {
  id: string;
  name: string;
  kind: string;
  llm: { model: string; baseUrl: string; apiKeyConfigured: boolean; outputSchema?: unknown } | null;
  signing: { secretRotatedAt: string | null; previousSecretExpiresAt: string | null } | null;
  [field: string]: unknown;
}

interface TaskView {
  id: string;
  status: string;
  attempts: { reason: string | null; detail: string | null }[];
}

interface TenantView {
  settings: { modelPrices: Record<string, { promptPerMillion: number; completionPerMillion: number }> };
}

interface Received {
  body: string;
  headers: IncomingHttpHeaders;
}

const run = Date.now().toString(36);
const CAPABILITY = "tickets";
const REFUSAL = "cannot summarize images";

/** A real agent on 127.0.0.1: it keeps every request Warden sends and refuses each task on purpose. */
async function startAgent(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      body += chunk;
    });
    req.on("end", () => {
      received.push({ body, headers: req.headers });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ outcome: "rejected", reason: REFUSAL }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/run`, received };
}

/** Whether `secret` verifies a request the agent received (the Standard Webhooks reference verifier). */
function verifies(secret: string, request: Received): boolean {
  const headers = Object.fromEntries(
    ["webhook-id", "webhook-timestamp", "webhook-signature"].map((h) => [
      h,
      String(request.headers[h] ?? ""),
    ]),
  );
  try {
    new Webhook(secret).verify(request.body, headers);
    return true;
  } catch {
    return false;
  }
}

/**
 * Real agents in the dashboard, in an organization of their own: an http agent's signing secret
 * is shown once at registration and once per rotation, and it is the secret that signs Warden's
 * calls to the agent; a refused attempt shows its reason on the task's page; an llm agent is
 * registered with its model settings (a malformed output schema is caught before anything is
 * sent) and its key never comes back; model prices are edited in Settings and read back through
 * the API. No model server runs here, so no llm task is run.
 */
describe("llm and signed http agents in the dashboard", () => {
  let browser: Browser;
  let page: Page;
  let token: string;
  let agent: Awaited<ReturnType<typeof startAgent>>;
  /** The secret the registration showed. */
  let firstSecret = "";

  const agentNamed = async (name: string) => {
    const { body } = await api<{ agents: AgentView[] }>("/agents", { token });
    return body.agents.find((a) => a.name === name);
  };

  /** One task for the http agent, run to its end; the agent's request for it. */
  const runTask = async (): Promise<{ task: TaskView; request: Received }> => {
    const before = agent.received.length;
    const submitted = await api<TaskView>("/tasks", {
      method: "POST",
      token,
      body: {
        impact: 0.5,
        urgency: 0.5,
        risk: 0,
        capabilities: [CAPABILITY],
        maxAttempts: 1,
        payload: { text: "hi" },
      },
    });
    expect(submitted.status).toBe(202);
    let task = submitted.body;
    await expect
      .poll(
        async () => {
          task = (await api<TaskView>(`/tasks/${submitted.body.id}`, { token })).body;
          return task.status;
        },
        { timeout: 20_000, interval: 250 },
      )
      .toBe("failed");
    expect(agent.received.length).toBe(before + 1);
    return { task, request: agent.received[before] as Received };
  };

  beforeAll(async () => {
    agent = await startAgent();
    browser = await launchBrowser();
    const email = `real-${run}@agents.example.com`;
    const password = "a long password for real agents";
    const signup = await api<{ accessToken: string }>("/signup", {
      method: "POST",
      token: "",
      body: { organization: "Real Agents Ltd", email, password },
    });
    expect(signup.status).toBe(201);
    token = signup.body.accessToken;
    page = await (await newContext(browser)).newPage();
    await signIn(page, email, password);
    await waitLive(page);
  });
  afterAll(async () => {
    await browser?.close();
    agent?.server.close();
  });

  it("shows an http agent's signing secret once, the secret that signs Warden's calls", async () => {
    const name = `signed-${run}`;
    await page.goto("/agents");
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByLabel("Kind").selectOption("http");
    await page.getByLabel("Capabilities").fill(CAPABILITY);
    await page.getByLabel("Endpoint URL").fill(agent.url);
    await page.getByRole("button", { name: "Register agent" }).click();

    const secret = (await page.getByTestId("agent-signing-secret").textContent()) ?? "";
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{20,}$/);
    await expect(page.getByLabel("Signing secret").textContent()).resolves.toMatch(
      /copy it now; it will not be shown again/i,
    );
    const registered = await agentNamed(name);
    expect(registered?.kind).toBe("http");
    // The API never returns it again, and neither does the page.
    expect(JSON.stringify(registered)).not.toContain(secret);
    await page.reload();
    await page.getByRole("link", { name, exact: true }).first().waitFor();
    expect(await page.getByTestId("agent-signing-secret").count()).toBe(0);
    expect(await page.content()).not.toContain(secret);

    // A fresh agent is below the trust gate: trust it enough to be sent a task.
    const id = registered!.id;
    const trusted = await api(`/agents/${id}/trust`, {
      method: "POST",
      token,
      body: { trust: 0.9, reason: "vetted before go-live" },
    });
    expect(trusted.status).toBe(200);
    const { task, request } = await runTask();
    expect(verifies(secret, request)).toBe(true);
    firstSecret = secret;
    expect(task.attempts[0]).toMatchObject({ reason: "agent_rejected", detail: REFUSAL });

    // The refusal, and why, on the task's page.
    await page.goto(`/tasks/${task.id}`);
    const attempts = page.getByRole("table", { name: /Attempts/ });
    await attempts.getByText("agent_rejected").waitFor();
    await attempts.getByText(REFUSAL).waitFor();
  });

  it("rotates the signing secret: the new one is shown once and signs beside the old", async () => {
    const registered = await agentNamed(`signed-${run}`);
    const id = registered!.id;
    const before = agent.received[0] as Received;
    await page.goto(`/agents/${id}`);
    await expect(page.getByTestId("agent-signing").textContent()).resolves.toMatch(/issued at registration/);
    await page.getByRole("button", { name: "Rotate signing secret" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Confirm" }).click();
    const rotated = (await page.getByTestId("agent-signing-secret").textContent()) ?? "";
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(firstSecret);
    expect(verifies(rotated, before)).toBe(false);
    // The page reloads the agent right after showing the secret.
    await expect
      .poll(() => page.getByTestId("agent-signing").textContent())
      .toMatch(/rotated .*also signs until/);

    const after = await api<AgentView>(`/agents/${id}`, { token });
    expect(after.body.signing?.secretRotatedAt).not.toBeNull();
    expect(Date.parse(after.body.signing?.previousSecretExpiresAt ?? "")).toBeGreaterThan(Date.now());
    const { request } = await runTask();
    // During the grace period each call carries a signature under each secret.
    expect(verifies(rotated, request)).toBe(true);
    expect(verifies(firstSecret, request)).toBe(true);

    await page.reload();
    await page.getByTestId("agent-signing").waitFor();
    expect(await page.getByTestId("agent-signing-secret").count()).toBe(0);
    expect(await page.content()).not.toContain(rotated);
  });

  it("registers an llm agent, refusing a malformed output schema before sending it", async () => {
    const name = `model-${run}`;
    await page.goto("/agents");
    await page.getByLabel("Kind").selectOption("llm");
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByLabel("Capabilities").fill("summaries");
    await page.getByLabel("Base URL").fill("https://llm.example.com/v1");
    await page.getByLabel("Model", { exact: true }).fill("e2e-mini");
    await page.getByLabel("API key").fill("sk-e2e-not-a-real-key");
    await page.getByLabel("Temperature").fill("0.3");
    await page.getByLabel("Max tokens").fill("256");
    await page.getByLabel("System prompt").fill("You summarize support tickets.");
    await page.getByLabel("Prompt template").fill("Summarize: {{payload.text}}");
    await page.getByLabel("Output schema (JSON Schema)").fill('{"type": "object",');
    await page.getByRole("button", { name: "Register agent" }).click();

    const schemaField = page.getByLabel("Output schema (JSON Schema)");
    await page.locator("textarea[aria-invalid='true']").waitFor();
    await expect(schemaField.getAttribute("aria-invalid")).resolves.toBe("true");
    await expect(page.getByRole("alert").textContent()).resolves.toMatch(/llm\.outputSchema.*not valid JSON/);
    expect(await agentNamed(name)).toBeUndefined();

    await schemaField.fill('{"type": "object", "required": ["summary"]}');
    await page.getByLabel("API key").fill("sk-e2e-not-a-real-key");
    await page.getByRole("button", { name: "Register agent" }).click();
    await page.getByRole("link", { name, exact: true }).first().waitFor();
    // Only http agents have a signing secret.
    expect(await page.getByTestId("agent-signing-secret").count()).toBe(0);

    const registered = await agentNamed(name);
    expect(registered?.llm).toMatchObject({
      baseUrl: "https://llm.example.com/v1",
      model: "e2e-mini",
      temperature: 0.3,
      maxTokens: 256,
      systemPrompt: "You summarize support tickets.",
      promptTemplate: "Summarize: {{payload.text}}",
      outputSchema: { type: "object", required: ["summary"] },
      apiKeyConfigured: true,
    });
    expect(JSON.stringify(registered)).not.toContain("sk-e2e-not-a-real-key");

    await page.getByRole("link", { name, exact: true }).first().click();
    await expect(page.getByTestId("agent-model").textContent()).resolves.toBe(
      "e2e-mini @ https://llm.example.com/v1",
    );
    await expect(page.getByTestId("agent-api-key").textContent()).resolves.toBe("configured");
    await expect(page.getByTestId("agent-cost").textContent()).resolves.toBe("$0.00");
    expect(await page.getByRole("button", { name: "Rotate signing secret" }).count()).toBe(0);
  });

  it("adds, reprices and removes a model price in Settings, as the API then reads", async () => {
    const model = `e2e-model-${run}`;
    const prices = async () => (await api<TenantView>("/tenant", { token })).body.settings.modelPrices;
    await page.goto("/settings/tenant");
    await page.getByTestId("usage-llm-cost").waitFor();

    await page.getByLabel("Model", { exact: true }).fill(model);
    await page.getByLabel("Prompt price (USD per 1M tokens)").fill("0.15");
    await page.getByLabel("Completion price (USD per 1M tokens)").fill("0.6");
    await page.getByRole("button", { name: "Add price" }).click();
    await page
      .getByRole("status")
      .getByText(`Price of ${model} saved: $0.15 prompt, $0.60 completion`)
      .waitFor();
    expect((await prices())[model]).toEqual({ promptPerMillion: 0.15, completionPerMillion: 0.6 });

    await page.getByLabel(`Prompt price of ${model}, US dollars per million tokens`).fill("0.2");
    await page.getByRole("button", { name: `Save the prices of ${model}` }).click();
    await page.getByRole("status").getByText(`Price of ${model} saved: $0.20 prompt`).waitFor();
    expect((await prices())[model]?.promptPerMillion).toBe(0.2);

    await page.getByRole("button", { name: `Remove the price of ${model}` }).click();
    await page.getByRole("status").getByText(`Price of ${model} removed.`).waitFor();
    expect((await prices())[model]).toBeUndefined();
    // The page reloads its data right after showing the answer: the row goes.
    await page.getByTestId("model-prices").getByText(model).waitFor({ state: "detached" });
  });
});
