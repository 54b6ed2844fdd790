import type { EventEnvelope } from "../../shared/events";

/**
 * One queue message per (event, endpoint). The envelope travels with the message: retries run
 * for days, longer than the hub keeps its event log, and events are small (task payloads are
 * never in them), far below the 128 KB message limit.
 */
export interface WebhookMessage {
  tenantId: string;
  webhookId: string;
  deliveryId: string;
  event: EventEnvelope;
}

const CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz";

/**
 * The delivery id is derived from the event and the endpoint, not drawn at random: a dispatch
 * repeated after a crash (the outbox is at-least-once) names the same delivery, so the log keeps
 * one row for it. The event id's time part comes first, so delivery ids still sort by time.
 */
export async function deliveryIdFor(eventId: string, webhookId: string): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`${eventId}|${webhookId}`)),
  );
  let tail = "";
  for (let i = 0; i < 16; i++) tail += CROCKFORD[(digest[i] ?? 0) & 31];
  return `dlv_${eventId.slice(4, 14)}${tail}`;
}
