import { createApp } from "./app";
import type { Env } from "./env";
import type { ExecutionMessage } from "./executors/types";
import { consumeDeadLetters } from "./queues/dead-letter";
import { consumeExecution } from "./queues/execution";
import { consumeWebhooks } from "./queues/webhooks";
import { consumeWebhookDeadLetters } from "./queues/webhooks-dead-letter";
import { runRetention } from "./retention";
import type { WebhookMessage } from "./webhooks/message";

export { RateLimiter } from "../durable-objects/rate-limiter";
export { TenantHub } from "../durable-objects/tenant-hub";

const app = createApp();

export default {
  fetch: app.fetch,
  async queue(batch: MessageBatch<ExecutionMessage | WebhookMessage>, env: Env): Promise<void> {
    if (batch.queue.startsWith("warden-webhooks")) {
      const webhooks = batch as MessageBatch<WebhookMessage>;
      if (batch.queue.endsWith("-dlq")) await consumeWebhookDeadLetters(webhooks, env);
      else await consumeWebhooks(webhooks, env);
      return;
    }
    const execution = batch as MessageBatch<ExecutionMessage>;
    if (batch.queue.endsWith("-dlq")) await consumeDeadLetters(execution, env);
    else await consumeExecution(execution, env);
  },
  /** The hourly cron (wrangler.toml): retention, with the scheduled time as its clock (decision 020). */
  async scheduled(controller: ScheduledController, env: Env, _ctx: ExecutionContext): Promise<void> {
    await runRetention(env, controller.scheduledTime);
  },
} satisfies ExportedHandler<Env, ExecutionMessage | WebhookMessage>;
