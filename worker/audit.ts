import type { Context } from "hono";
import { type AuditEntry, toAuditInput } from "../shared/audit-chain";
import type { AppEnv, Principal } from "./context";
import { hubFor } from "./hub-client";

export type AuditActor = AuditEntry["actor"];

export function actorOf(principal: Principal): AuditActor {
  return principal.kind === "user"
    ? { type: "user", id: principal.userId }
    : { type: "key", id: principal.keyId };
}

/** Request facts every audit row carries: request id, client address, user agent. */
export function requestFacts(c: Context<AppEnv>): Pick<AuditEntry, "requestId" | "address" | "userAgent"> {
  return {
    requestId: c.get("requestId") ?? null,
    address: c.get("clientAddress") ?? null,
    userAgent: c.req.header("user-agent")?.slice(0, 512) ?? null,
  };
}

/** The audit context a hub command needs to write its own row in the same transaction as the change. */
export function auditContext(
  c: Context<AppEnv>,
): Pick<AuditEntry, "actor" | "requestId" | "address" | "userAgent"> {
  return { actor: actorOf(c.get("principal")), ...requestFacts(c) };
}

/**
 * Appends a row to the tenant's audit chain through its hub (the hub serialises writers, so the
 * chain never forks). Awaited: the row is in D1 before the response is sent.
 */
export async function recordAudit(
  c: Context<AppEnv>,
  tenantId: string,
  entry: Omit<AuditEntry, "requestId" | "address" | "userAgent" | "actor"> & { actor?: AuditActor },
): Promise<void> {
  const actor = entry.actor ?? actorOf(c.get("principal"));
  await hubFor(c.env, tenantId).appendAudit(toAuditInput({ ...requestFacts(c), ...entry, actor }));
}
