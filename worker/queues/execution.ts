import type { ResultReport } from "../../durable-objects/tenant-hub";
import { errorMessage, log } from "../../shared/log";
import { agentSecretOpener } from "../agent-secrets";
import type { Env } from "../env";
import { createSleepGroup, execute } from "../executors";
import type { ExecutionMessage } from "../executors/types";
import { hubFor } from "../hub-client";
import { costCall, loadModelPrices, type PriceTable } from "../llm-pricing";

/**
 * Runs each assignment through its agent's executor and reports the outcomes to the tenant's hub,
 * one RPC per tenant per batch. If the hub cannot be reached the messages are retried; the hub
 * ignores a result it already has (per task and attempt), so redelivery never double-counts.
 */
export async function consumeExecution(batch: MessageBatch<ExecutionMessage>, env: Env): Promise<void> {
  const sleep = createSleepGroup();
  const prices = new Map<string, Promise<PriceTable>>();
  const pricesOf = (tenantId: string) => {
    let table = prices.get(tenantId);
    if (!table) {
      table = loadModelPrices(env.DB, tenantId).catch(() => ({}));
      prices.set(tenantId, table);
    }
    return table;
  };
  const byTenant = new Map<string, { message: Message<ExecutionMessage>; report: ResultReport }[]>();
  await Promise.all(
    batch.messages.map(async (message) => {
      const body = message.body;
      const openSecret = agentSecretOpener(env.WARDEN_ENCRYPTION_KEY, body.tenantId, body.agentId);
      const { usage, ...result } = await execute(body, { sleep, openSecret });
      // Priced at the tenant's prices now, when the call ran; a later repricing rewrites nothing.
      const costed = usage ? costCall(usage, await pricesOf(body.tenantId)) : undefined;
      const report: ResultReport = {
        taskId: body.taskId,
        attempt: body.attempt,
        ...result,
        ...(costed ? { usage: costed } : {}),
      };
      const list = byTenant.get(body.tenantId) ?? [];
      list.push({ message, report });
      byTenant.set(body.tenantId, list);
    }),
  );
  await Promise.all(
    [...byTenant].map(async ([tenantId, items]) => {
      try {
        const { refused } = await hubFor(env, tenantId).recordResults(items.map((i) => i.report));
        const refusedKeys = new Set(refused.map((r) => `${r.taskId}#${r.attempt}`));
        for (const i of items) {
          // A refused report is retried and finally dead-lettered, which fails its task with a reason.
          if (refusedKeys.has(`${i.report.taskId}#${i.report.attempt}`)) i.message.retry({ delaySeconds: 1 });
          else i.message.ack();
        }
      } catch (err) {
        log("warn", "hub unreachable; retrying results", {
          tenantId,
          count: items.length,
          error: errorMessage(err),
        });
        for (const i of items) i.message.retry({ delaySeconds: 1 });
      }
    }),
  );
}
