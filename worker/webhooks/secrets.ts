import { openSecret, sealSecret } from "../auth/secret-box";

/**
 * Webhook secrets are sealed like SSO client secrets (AES-GCM under WARDEN_ENCRYPTION_KEY). The
 * context binds each one to its tenant and endpoint: a sealed value copied to another endpoint
 * does not open there.
 */
const context = (tenantId: string, webhookId: string) => `webhook:${tenantId}:${webhookId}`;

export function sealWebhookSecret(key: string, tenantId: string, webhookId: string, secret: string) {
  return sealSecret(key, secret, context(tenantId, webhookId));
}

export function openWebhookSecrets(key: string, tenantId: string, webhookId: string, sealed: string[]) {
  return Promise.all(sealed.map((s) => openSecret(key, s, context(tenantId, webhookId))));
}
