import { exports } from "cloudflare:workers";
import type { Simulation } from "../../shared/schemas/agents";

export const ADMIN_TOKEN = "test-admin-token";
const ORIGIN = "https://warden.test";

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** Calls the Worker's own fetch handler, as a real client would over HTTP. */
export async function api<T = Record<string, unknown>>(
  path: string,
  init: {
    method?: string;
    key?: string;
    body?: unknown;
    rawBody?: string;
    headers?: Record<string, string>;
    /** "manual" to see a redirect instead of following it (SSO hops). */
    redirect?: "follow" | "manual";
  } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.key) headers.authorization = `Bearer ${init.key}`;
  if (init.body !== undefined || init.rawBody !== undefined) headers["content-type"] ??= "application/json";
  const res = await exports.default.fetch(
    new Request(ORIGIN + path, {
      method: init.method ?? (init.body !== undefined || init.rawBody !== undefined ? "POST" : "GET"),
      headers,
      redirect: init.redirect ?? "follow",
      body: init.rawBody ?? (init.body !== undefined ? JSON.stringify(init.body) : undefined),
    }),
  );
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, headers: res.headers, body: body as T };
}

export async function createTenant(name = "Acme"): Promise<{ tenantId: string; key: string }> {
  const res = await api<{ tenant: { id: string }; apiKey: string }>("/api/v1/admin/tenants", {
    key: undefined,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    body: { name },
  });
  if (res.status !== 201)
    throw new Error(`tenant creation failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { tenantId: res.body.tenant.id, key: res.body.apiKey };
}

export interface SimAgent {
  name: string;
  capabilities?: string[];
  maxConcurrency?: number;
  simulation: Simulation;
}

export async function createAgent(key: string, agent: SimAgent): Promise<string> {
  const res = await api<{ id: string }>("/api/v1/agents", {
    key,
    body: { kind: "simulated", capabilities: ["general"], maxConcurrency: 8, ...agent },
  });
  if (res.status !== 201) throw new Error(`agent creation failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

/** Polls until `check` returns a value (not undefined) or the time runs out. */
export async function waitFor<T>(
  check: () => Promise<T | undefined>,
  { timeoutMs = 30_000, intervalMs = 100, what = "condition" } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
}

export interface TaskBody {
  id: string;
  status: string;
  reason: string | null;
  holdReason: string | null;
  externalId: string | null;
  attempts: { attempt: number; agentId: string; outcome: string | null; latencyMs: number | null }[];
}

/** Waits until the task is succeeded, failed or cancelled, and returns it. */
export async function waitForTerminal(key: string, id: string): Promise<TaskBody> {
  return waitFor(
    async () => {
      const t = await api<TaskBody>(`/api/v1/tasks/${id}`, { key });
      return ["succeeded", "failed", "cancelled"].includes(t.body.status) ? t.body : undefined;
    },
    { what: `task ${id} to finish` },
  );
}
