import type { EventEnvelope } from "../shared/events";
import { log } from "../shared/log";
import { matchesSubscription } from "../shared/webhooks/subscriptions";
import { deliveryIdFor, type WebhookMessage } from "../worker/webhooks/message";
import type { HubStore } from "./hub-store";
import { type WebhookRow, WebhookStore } from "./webhook-store";

const MARK = "webhook_dispatched_seq";
const READ_BATCH = 500;
/** Queues: sendBatch takes at most 100 messages and 256 KB; stay under both. */
const SEND_MAX_MESSAGES = 100;
const SEND_MAX_BYTES = 240 * 1024;
const MESSAGE_MAX_BYTES = 120 * 1024;

function wants(endpoint: WebhookRow, event: EventEnvelope): boolean {
  if (event.seq <= endpoint.createdSeq) return false;
  // A test event is for the one endpoint it was sent to, whatever the others subscribe to.
  if (event.type === "webhook.test") return event.data.webhookId === endpoint.id;
  return matchesSubscription(endpoint.events, event.type);
}

/**
 * Webhook dispatch with the event log as the outbox (as for history, decision 003): a mark
 * records the last seq whose messages the queue accepted, and the alarm sends what follows it.
 * If a send fails, the mark stays and the next alarm sends again, so no event is lost; a repeat
 * carries the same delivery id and `webhook-id`, which receivers deduplicate on.
 */
export class WebhookOutbox {
  readonly endpoints: WebhookStore;
  private sending = false;

  constructor(
    sql: SqlStorage,
    private readonly store: HubStore,
    private readonly queue: Queue<WebhookMessage> | undefined,
  ) {
    this.endpoints = new WebhookStore(sql);
  }

  /** Events up to here are no longer needed for webhooks (the log may prune them). */
  settledSeq(): number {
    if (!this.endpoints.enabled().length) return this.store.latestSeq;
    return Number(this.store.getMeta(MARK) ?? "0");
  }

  pending(): boolean {
    return this.settledSeq() < this.store.latestSeq;
  }

  /** Sends every undispatched (event, endpoint) pair; throws when the queue refuses a send. */
  async dispatch(tenantId: string): Promise<void> {
    if (this.sending || !this.queue) return;
    this.sending = true;
    try {
      for (;;) {
        const enabled = this.endpoints.enabled();
        const mark = Number(this.store.getMeta(MARK) ?? "0");
        if (!enabled.length) {
          this.store.setMeta(MARK, String(this.store.latestSeq));
          return;
        }
        const from = Math.max(mark, Math.min(...enabled.map((e) => e.createdSeq)));
        const events = this.store.eventsAfter(from, READ_BATCH);
        const last = events[events.length - 1];
        if (!last) {
          if (from > mark) this.store.setMeta(MARK, String(from));
          return;
        }
        const messages: WebhookMessage[] = [];
        for (const event of events)
          for (const endpoint of enabled)
            if (wants(endpoint, event))
              messages.push({
                tenantId,
                webhookId: endpoint.id,
                deliveryId: await deliveryIdFor(event.id, endpoint.id),
                event,
              });
        await this.send(this.queue, messages);
        this.store.setMeta(MARK, String(last.seq));
      }
    } finally {
      this.sending = false;
    }
  }

  private async send(queue: Queue<WebhookMessage>, messages: WebhookMessage[]): Promise<void> {
    let chunk: WebhookMessage[] = [];
    let bytes = 0;
    const flush = async () => {
      if (!chunk.length) return;
      await queue.sendBatch(chunk.map((body) => ({ body, contentType: "json" as const })));
      chunk = [];
      bytes = 0;
    };
    for (const m of messages) {
      const size = JSON.stringify(m).length + 100;
      // One unsendable message must not hold back every later event: it is logged and skipped.
      if (size > MESSAGE_MAX_BYTES) {
        log("error", "webhook message too large; skipped", {
          webhookId: m.webhookId,
          eventId: m.event.id,
          size,
        });
        continue;
      }
      if (chunk.length >= SEND_MAX_MESSAGES || bytes + size > SEND_MAX_BYTES) await flush();
      chunk.push(m);
      bytes += size;
    }
    await flush();
  }
}
