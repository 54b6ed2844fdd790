import { errorMessage, log } from "../../shared/log";

export interface BatchCounts {
  acked: number;
  retried: number;
  /** The same counts per tenant, for `warden_queue_messages_total` in each tenant's hub. */
  byTenant: Map<string, { acked: number; retried: number }>;
}

function tenantOf(body: unknown): string | null {
  const id = (body as { tenantId?: unknown } | null)?.tenantId;
  return typeof id === "string" ? id : null;
}

function count(counts: BatchCounts, body: unknown, result: "acked" | "retried"): void {
  counts[result] += 1;
  const tenantId = tenantOf(body);
  if (!tenantId) return;
  const mine = counts.byTenant.get(tenantId) ?? { acked: 0, retried: 0 };
  mine[result] += 1;
  counts.byTenant.set(tenantId, mine);
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
              count(counts, target.body, "acked");
              target.ack();
            };
          if (prop === "retry")
            return (options?: QueueRetryOptions) => {
              count(counts, target.body, "retried");
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
          for (const m of target.messages) count(counts, m.body, "acked");
          target.ackAll();
        };
      if (prop === "retryAll")
        return (options?: QueueRetryOptions) => {
          for (const m of target.messages) count(counts, m.body, "retried");
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
  const counts: BatchCounts = { acked: 0, retried: 0, byTenant: new Map() };
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
