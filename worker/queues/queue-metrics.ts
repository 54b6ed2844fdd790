import { errorMessage, log } from "../../shared/log";
import { METRIC } from "../../shared/metrics/catalog";
import { Tally } from "../../shared/metrics/tally";
import type { Env } from "../env";
import { hubFor } from "../hub-client";
import type { BatchCounts } from "./batch-log";

/**
 * Adds a settled batch to `warden_queue_messages_total` in each tenant's hub: one small RPC per
 * tenant per batch, beside the ones the consumer already made. A failed send loses the counts and
 * is logged; it never retries the batch, whose work is done.
 */
export async function reportQueueMetrics(env: Env, queue: string, counts: BatchCounts): Promise<void> {
  await Promise.all(
    [...counts.byTenant].map(async ([tenantId, settled]) => {
      const tally = new Tally();
      if (settled.acked) tally.inc(METRIC.queueMessages, { queue, result: "acked" }, settled.acked);
      if (settled.retried) tally.inc(METRIC.queueMessages, { queue, result: "retried" }, settled.retried);
      try {
        await hubFor(env, tenantId).recordMetrics(tally.data());
      } catch (err) {
        log("warn", "queue metrics not recorded", { tenantId, queue, error: errorMessage(err) });
      }
    }),
  );
}
