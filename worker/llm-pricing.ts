import type { CostedCall } from "../durable-objects/llm-usage";
import { type ModelPrice, parseTenantSettings } from "../shared/schemas/tenant";
import type { LlmCallUsage } from "./executors/types";

export type PriceTable = Record<string, ModelPrice>;

/** The tenant's price table (`settings.modelPrices`); an unreadable row prices nothing. */
export async function loadModelPrices(db: D1Database, tenantId: string): Promise<PriceTable> {
  const row = await db
    .prepare(`SELECT settings FROM tenants WHERE id = ?`)
    .bind(tenantId)
    .first<{ settings: string }>();
  return parseTenantSettings(row?.settings).modelPrices;
}

/**
 * A call's cost in US dollars at the table's prices, or null when its model has no price. The
 * model is looked up as the agent named it; providers often answer with a dated variant
 * (`gpt-4o-2024-08-06`), so the caller passes the configured name, not the echoed one.
 */
export function costCall(usage: LlmCallUsage, prices: PriceTable): CostedCall {
  const price = prices[usage.model];
  const costUsd = price
    ? (usage.promptTokens * price.promptPerMillion + usage.completionTokens * price.completionPerMillion) /
      1e6
    : null;
  return { ...usage, costUsd };
}
