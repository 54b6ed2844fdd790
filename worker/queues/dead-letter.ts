import { errorMessage, log } from "../../shared/log";
import type { Env } from "../env";
import type { ExecutionMessage } from "../executors/types";
import { hubFor } from "../hub-client";

/**
 * Messages that exhausted their retries land here. Their task is failed with a reason, so it is
 * never silently dropped; if even that fails, the message is retried on the dead-letter queue.
 */
export async function consumeDeadLetters(batch: MessageBatch<ExecutionMessage>, env: Env): Promise<void> {
  for (const message of batch.messages) {
    const { tenantId, taskId, attempt } = message.body;
    try {
      await hubFor(env, tenantId).abandonTask(
        taskId,
        attempt,
        `execution message dead-lettered after ${message.attempts} delivery attempts`,
      );
      message.ack();
    } catch (err) {
      log("error", "dead-letter handling failed", { tenantId, taskId, error: errorMessage(err) });
      message.retry({ delaySeconds: 5 });
    }
  }
}
