import { errorMessage, log } from "../../shared/log";

export interface BatchCounts {
  acked: number;
  retried: number;
}

/**
 * The batch as the consumer sees it, with every ack and retry counted, so each queue batch can
 * be logged (and measured) in one line without each consumer keeping its own tally.
 */
function counted<T>(batch: MessageBatch<T>, counts: BatchCounts): MessageBatch<T> {
  const messages = batch.messages.map(
    (m): Message<T> =>
      new Proxy(m, {
        get(target, prop) {
          if (prop === "ack")
            return () => {
              counts.acked += 1;
              target.ack();
            };
          if (prop === "retry")
            return (options?: QueueRetryOptions) => {
              counts.retried += 1;
              target.retry(options);
            };
          const value = Reflect.get(target, prop, target);
          return typeof value === "function" ? value.bind(target) : value;
        },
      }),
  );
  return new Proxy(batch, {
    get(target, prop) {
      if (prop === "messages") return messages;
      if (prop === "ackAll")
        return () => {
          counts.acked += messages.length;
          target.ackAll();
        };
      if (prop === "retryAll")
        return (options?: QueueRetryOptions) => {
          counts.retried += messages.length;
          target.retryAll(options);
        };
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** Runs `consume` over the batch and logs one line: queue, messages, acked, retried, duration. */
export async function consumeLogged<T>(
  batch: MessageBatch<T>,
  consume: (batch: MessageBatch<T>) => Promise<void>,
): Promise<BatchCounts> {
  const counts: BatchCounts = { acked: 0, retried: 0 };
  const started = Date.now();
  try {
    await consume(counted(batch, counts));
  } catch (err) {
    // An uncaught error retries the whole batch (the platform does it): say so, then rethrow.
    log("error", "queue batch failed", {
      queue: batch.queue,
      messages: batch.messages.length,
      durationMs: Date.now() - started,
      error: errorMessage(err),
    });
    throw err;
  }
  log("info", "queue batch", {
    queue: batch.queue,
    messages: batch.messages.length,
    acked: counts.acked,
    retried: counts.retried,
    durationMs: Date.now() - started,
  });
  return counts;
}
