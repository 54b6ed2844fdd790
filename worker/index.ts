import { createApp } from "./app";
import type { Env } from "./env";
import type { ExecutionMessage } from "./executors/types";
import { consumeLogged } from "./queues/batch-log";
import { consumeDeadLetters } from "./queues/dead-letter";
import { consumeExecution } from "./queues/execution";
import { reportQueueMetrics } from "./queues/queue-metrics";
import { consumeWebhooks } from "./queues/webhooks";
import { consumeWebhookDeadLetters } from "./queues/webhooks-dead-letter";
import { consumeRetention, enqueueRetention, type RetentionMessage } from "./retention-queue";
import type { WebhookMessage } from "./webhooks/message";

export { RateLimiter } from "../durable-objects/rate-limiter";
export { TenantHub } from "../durable-objects/tenant-hub";

const app = createApp();

export default {
  fetch: app.fetch,
  async queue(
    batch: MessageBatch<ExecutionMessage | WebhookMessage | RetentionMessage>,
    env: Env,
  ): Promise<void> {
    const counts = await consumeLogged(batch, (observed) => {
      if (observed.queue.startsWith("warden-maintenance"))
        return consumeRetention(observed as MessageBatch<RetentionMessage>, env);
      if (observed.queue.startsWith("warden-webhooks")) {
        const webhooks = observed as MessageBatch<WebhookMessage>;
        return observed.queue.endsWith("-dlq")
          ? consumeWebhookDeadLetters(webhooks, env)
          : consumeWebhooks(webhooks, env);
      }
      const execution = observed as MessageBatch<ExecutionMessage>;
      return observed.queue.endsWith("-dlq")
        ? consumeDeadLetters(execution, env)
        : consumeExecution(execution, env);
    });
    await reportQueueMetrics(env, batch.queue, counts);
  },
  /** The hourly cron (wrangler.toml): queues retention per tenant, with the scheduled time as its clock (decision 020). */
  async scheduled(controller: ScheduledController, env: Env, _ctx: ExecutionContext): Promise<void> {
    await enqueueRetention(env, controller.scheduledTime);
  },
} satisfies ExportedHandler<Env, ExecutionMessage | WebhookMessage | RetentionMessage>;
