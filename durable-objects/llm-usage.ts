import type { LlmUsage } from "../shared/schemas/agents";
import type { TaskLlmUsage } from "../shared/schemas/tasks";
import { usageMonth } from "../shared/schemas/tenant";

/** One LLM call as the execution consumer reports it, costed at the tenant's prices of that moment. */
export interface CostedCall {
  model: string;
  promptTokens: number;
  completionTokens: number;
  /** null when the model has no price in the tenant's table. */
  costUsd: number | null;
}

type Scope = "task" | "agent" | "month";

interface Row extends Record<string, SqlStorageValue> {
  model: string | null;
  prompt_tokens: number;
  completion_tokens: number;
  cost_usd: number;
  unpriced_calls: number;
}

const EMPTY: LlmUsage = { promptTokens: 0, completionTokens: 0, costUsd: 0, unpricedCalls: 0 };

const count = (n: number) => (Number.isFinite(n) && n > 0 ? Math.round(n) : 0);

/**
 * LLM tokens and cost, summed per task, per agent and per calendar month. The hub adds a call
 * only for a result the engine accepted, in the same synchronous turn, so a redelivered result
 * is never counted twice. Cost is fixed when the call runs: repricing a model later does not
 * rewrite what was spent.
 */
export class LlmUsageStore {
  constructor(private readonly sql: SqlStorage) {}

  add(call: CostedCall, taskId: string, agentId: string, now: number): void {
    const prompt = count(call.promptTokens);
    const completion = count(call.completionTokens);
    const cost = call.costUsd !== null && Number.isFinite(call.costUsd) ? Math.max(0, call.costUsd) : 0;
    const unpriced = call.costUsd === null ? 1 : 0;
    for (const [scope, id] of [
      ["task", taskId],
      ["agent", agentId],
      ["month", usageMonth(now)],
    ] as const) {
      this.sql.exec(
        `INSERT INTO llm_usage (scope, id, model, prompt_tokens, completion_tokens, cost_usd, unpriced_calls)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (scope, id) DO UPDATE SET model = excluded.model,
           prompt_tokens = prompt_tokens + excluded.prompt_tokens,
           completion_tokens = completion_tokens + excluded.completion_tokens,
           cost_usd = cost_usd + excluded.cost_usd,
           unpriced_calls = unpriced_calls + excluded.unpriced_calls`,
        scope,
        id,
        call.model.slice(0, 200),
        prompt,
        completion,
        cost,
        unpriced,
      );
    }
  }

  private row(scope: Scope, id: string): Row | undefined {
    return this.sql
      .exec<Row>(
        `SELECT model, prompt_tokens, completion_tokens, cost_usd, unpriced_calls FROM llm_usage
         WHERE scope = ? AND id = ?`,
        scope,
        id,
      )
      .toArray()[0];
  }

  private totals(scope: Scope, id: string): LlmUsage {
    const r = this.row(scope, id);
    if (!r) return { ...EMPTY };
    return {
      promptTokens: r.prompt_tokens,
      completionTokens: r.completion_tokens,
      costUsd: roundUsd(r.cost_usd),
      unpricedCalls: r.unpriced_calls,
    };
  }

  task(id: string): TaskLlmUsage | null {
    const r = this.row("task", id);
    if (!r) return null;
    return {
      model: r.model ?? "",
      promptTokens: r.prompt_tokens,
      completionTokens: r.completion_tokens,
      costUsd: r.unpriced_calls > 0 ? null : roundUsd(r.cost_usd),
    };
  }

  agent(id: string): LlmUsage {
    return this.totals("agent", id);
  }

  month(month: string): LlmUsage {
    return this.totals("month", month);
  }

  /** An agent's totals go with it; its tasks and the month keep what it spent. */
  forgetAgent(id: string): void {
    this.sql.exec(`DELETE FROM llm_usage WHERE scope = 'agent' AND id = ?`, id);
  }
}

/** Micro-dollar precision: enough for per-token prices, free of float noise in the API. */
function roundUsd(usd: number): number {
  return Math.round(usd * 1e6) / 1e6;
}
