import { openSecret, sealSecret } from "./auth/secret-box";

/**
 * An agent's secrets (an llm agent's provider key, an http agent's signing secrets) are sealed
 * like webhook secrets, bound to their tenant and agent: a sealed value copied to another agent
 * does not open there.
 */
const context = (tenantId: string, agentId: string) => `agent:${tenantId}:${agentId}`;

export function sealAgentSecret(key: string, tenantId: string, agentId: string, secret: string) {
  return sealSecret(key, secret, context(tenantId, agentId));
}

/** An opener bound to one agent, for the executors (see ExecutorOptions.openSecret). */
export function agentSecretOpener(key: string, tenantId: string, agentId: string) {
  return (sealed: string) => openSecret(key, sealed, context(tenantId, agentId));
}
