import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../worker/index";
import { createTenant, type Problem } from "../helpers/api";

/**
 * The same Worker with production's configuration: no local-URL flag. Agents (and webhooks, which
 * use the same policy) pointing anywhere but a public https URL are refused, naming the field.
 */
const productionEnv = { ...env, WARDEN_ALLOW_LOCAL_URLS: undefined, WARDEN_ENV: "production" };

async function callProduction(path: string, key: string, method: string, body: unknown) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(`https://warden.test${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
    productionEnv,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return { status: res.status, type: res.headers.get("content-type"), body: (await res.json()) as Problem };
}

let key: string;
beforeAll(async () => {
  key = (await createTenant("Outbound Co")).key;
});

describe("outbound URLs in production mode", () => {
  for (const endpoint of [
    "http://agents.example.com/run",
    "https://127.0.0.1:9000/run",
    "https://169.254.169.254/latest/meta-data/",
    "https://10.0.0.8/run",
    "https://admin:secret@agents.example.com/run",
    "https://localhost/run",
  ]) {
    it(`refuses an http agent at ${endpoint}`, async () => {
      const res = await callProduction("/api/v1/agents", key, "POST", {
        name: "remote",
        kind: "http",
        endpoint,
        capabilities: ["general"],
        maxConcurrency: 2,
      });
      expect(res.status).toBe(400);
      expect(res.type).toContain("application/problem+json");
      expect(res.body.errors?.map((e) => e.field)).toEqual(["endpoint"]);
    });
  }

  it("accepts a public https agent, and refuses changing it to a private address", async () => {
    const created = await callProduction("/api/v1/agents", key, "POST", {
      name: "public",
      kind: "http",
      endpoint: "https://agents.example.com/run",
      capabilities: ["general"],
      maxConcurrency: 2,
    });
    expect(created.status).toBe(201);
    const id = (created.body as unknown as { id: string }).id;
    const patched = await callProduction(`/api/v1/agents/${id}`, key, "PATCH", {
      endpoint: "https://192.168.0.10/run",
    });
    expect(patched.status).toBe(400);
    expect(patched.body.errors?.map((e) => e.field)).toEqual(["endpoint"]);
  });

  for (const url of ["http://hooks.example.com/in", "https://127.0.0.1/in", "https://169.254.169.254/in"]) {
    it(`refuses a webhook to ${url}`, async () => {
      const res = await callProduction("/api/v1/webhooks", key, "POST", { url, events: ["*"] });
      expect(res.status).toBe(400);
      expect(res.body.errors?.map((e) => e.field)).toEqual(["url"]);
    });
  }

  it("accepts a webhook to a public https URL", async () => {
    const res = await callProduction("/api/v1/webhooks", key, "POST", {
      url: "https://hooks.example.com/in",
      events: ["task.*"],
    });
    expect(res.status).toBe(201);
  });
});
