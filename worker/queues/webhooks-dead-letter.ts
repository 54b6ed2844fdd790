import { errorMessage, log } from "../../shared/log";
import type { Env } from "../env";
import { markFailed } from "../webhooks/delivery-log";
import type { WebhookMessage } from "../webhooks/message";

/**
 * Webhook messages whose retries are exhausted. Their delivery is marked failed, which is what a
 * bulk replay later looks for; if D1 cannot be written the message is retried here.
 */
export async function consumeWebhookDeadLetters(
  batch: MessageBatch<WebhookMessage>,
  env: Env,
): Promise<void> {
  const byTenant = new Map<string, Message<WebhookMessage>[]>();
  for (const m of batch.messages) {
    const list = byTenant.get(m.body.tenantId) ?? [];
    list.push(m);
    byTenant.set(m.body.tenantId, list);
  }
  for (const [tenantId, messages] of byTenant) {
    try {
      await markFailed(
        env.DB,
        tenantId,
        messages.map((m) => m.body.deliveryId),
      );
      for (const m of messages) m.ack();
    } catch (err) {
      log("error", "webhook dead-letter handling failed", { tenantId, error: errorMessage(err) });
      for (const m of messages) m.retry({ delaySeconds: 5 });
    }
  }
}
