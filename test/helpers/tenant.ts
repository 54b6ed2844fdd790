import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { api } from "./api";
import type { SignedUp } from "./identity";

/** The usage month as the worker keys it, e.g. `2026-03`. */
export const month = () => new Date().toISOString().slice(0, 7);

/** A task any simulated agent can run. */
export function task(externalId: string) {
  return { impact: 0.5, urgency: 0.5, risk: 0.1, capabilities: ["general"], externalId };
}

/** An API key with the admin scope, so a test can act as both a key and the owner's session. */
export async function keyFor(owner: SignedUp): Promise<string> {
  const res = await api<{ key: string }>("/api/v1/api-keys", {
    key: owner.accessToken,
    body: { name: "automation", scopes: ["admin"] },
  });
  expect(res.status).toBe(201);
  return res.body.key;
}

export function hub(tenantId: string) {
  return env.TENANT_HUB.get(env.TENANT_HUB.idFromName(tenantId));
}

export async function auditRows(tenantId: string, action: string) {
  const { results } = await env.DB.prepare(
    `SELECT actor_type, actor_id, reason, before, after FROM audit_log WHERE tenant_id = ? AND action = ? ORDER BY seq`,
  )
    .bind(tenantId, action)
    .all<{
      actor_type: string;
      actor_id: string | null;
      reason: string | null;
      before: string;
      after: string;
    }>();
  return results;
}
