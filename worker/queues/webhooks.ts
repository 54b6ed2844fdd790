import type { AttemptReport, WebhookTarget } from "../../durable-objects/webhook-commands";
import { errorMessage, log } from "../../shared/log";
import type { Env } from "../env";
import { hubFor } from "../hub-client";
import { deliver } from "../webhooks/deliver";
import { type AttemptLog, attemptStatements } from "../webhooks/delivery-log";
import type { WebhookMessage } from "../webhooks/message";
import { retryDelaySeconds, retryScale } from "../webhooks/retry";
import { openWebhookSecrets } from "../webhooks/secrets";

interface Handled {
  message: Message<WebhookMessage>;
  log: AttemptLog;
  /** Retry after this many seconds; null acks the message. */
  retryIn: number | null;
}

async function handle(
  env: Env,
  message: Message<WebhookMessage>,
  target: WebhookTarget | null | undefined,
): Promise<Handled> {
  const { tenantId, webhookId, deliveryId, event } = message.body;
  const base = { tenantId, webhookId, deliveryId, event, at: Date.now() };
  if (!target?.enabled)
    return {
      message,
      retryIn: null,
      log: {
        ...base,
        outcome: "skipped",
        result: null,
        error: target ? "endpoint disabled" : "endpoint deleted",
      },
    };
  const secrets = await openWebhookSecrets(env.WARDEN_ENCRYPTION_KEY, tenantId, webhookId, target.secrets);
  // The envelope is the body, byte for byte what is signed; `webhook-id` is the event id, so a
  // retry or a replay carries the same id and receivers can deduplicate.
  const result = await deliver(target.url, event.id, JSON.stringify(event), secrets);
  const code = result.statusCode;
  if (code !== null && code >= 200 && code < 300)
    return { message, retryIn: null, log: { ...base, at: Date.now(), outcome: "delivered", result } };
  if (code === 410)
    return { message, retryIn: null, log: { ...base, at: Date.now(), outcome: "gone", result } };
  return {
    message,
    retryIn: retryDelaySeconds(message.attempts, Math.random, retryScale(env.WARDEN_WEBHOOK_RETRY_SCALE)),
    log: { ...base, at: Date.now(), outcome: "failed", result },
  };
}

/**
 * Delivers each message to its endpoint: one hub call per tenant for the endpoints' URLs and
 * sealed secrets, the POSTs in parallel, one D1 batch for the delivery log, and one hub call per
 * tenant to report outcomes (the hub counts failures and disables endpoints). A message that was
 * not delivered is retried with the backoff schedule; after the last retry the queue moves it to
 * the dead-letter queue.
 */
export async function consumeWebhooks(batch: MessageBatch<WebhookMessage>, env: Env): Promise<void> {
  const byTenant = new Map<string, Message<WebhookMessage>[]>();
  for (const m of batch.messages) {
    const list = byTenant.get(m.body.tenantId) ?? [];
    list.push(m);
    byTenant.set(m.body.tenantId, list);
  }
  await Promise.all(
    [...byTenant].map(async ([tenantId, messages]) => {
      const hub = hubFor(env, tenantId);
      let handled: Handled[];
      try {
        const targets = await hub.webhookTargets(messages.map((m) => m.body.webhookId));
        handled = await Promise.all(messages.map((m) => handle(env, m, targets[m.body.webhookId])));
      } catch (err) {
        log("warn", "webhook delivery could not start; retrying", { tenantId, error: errorMessage(err) });
        for (const m of messages)
          m.retry({
            delaySeconds: retryDelaySeconds(
              m.attempts,
              Math.random,
              retryScale(env.WARDEN_WEBHOOK_RETRY_SCALE),
            ),
          });
        return;
      }
      try {
        await env.DB.batch(handled.flatMap((h) => attemptStatements(env.DB, h.log)));
      } catch (err) {
        // The attempts happened; losing their log rows is better than sending them all again.
        log("error", "webhook delivery log write failed", { tenantId, error: errorMessage(err) });
      }
      const reports: AttemptReport[] = handled
        .filter((h) => h.log.outcome !== "skipped")
        .map((h) => ({
          webhookId: h.log.webhookId,
          outcome: h.log.outcome as AttemptReport["outcome"],
          at: h.log.at,
          firstAttempt: h.message.attempts <= 1,
        }));
      if (reports.length)
        await hub.reportWebhookAttempts(reports).catch((err: unknown) => {
          log("error", "webhook health report failed", { tenantId, error: errorMessage(err) });
        });
      for (const h of handled) {
        if (h.retryIn === null) h.message.ack();
        else h.message.retry({ delaySeconds: h.retryIn });
      }
    }),
  );
}
