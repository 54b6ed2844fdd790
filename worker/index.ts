import { createApp } from "./app";
import type { Env } from "./env";
import type { ExecutionMessage } from "./executors/types";
import { consumeDeadLetters } from "./queues/dead-letter";
import { consumeExecution } from "./queues/execution";

export { RateLimiter } from "../durable-objects/rate-limiter";
export { TenantHub } from "../durable-objects/tenant-hub";

const app = createApp();

export default {
  fetch: app.fetch,
  async queue(batch: MessageBatch<ExecutionMessage>, env: Env): Promise<void> {
    if (batch.queue.endsWith("-dlq")) await consumeDeadLetters(batch, env);
    else await consumeExecution(batch, env);
  },
} satisfies ExportedHandler<Env, ExecutionMessage>;
