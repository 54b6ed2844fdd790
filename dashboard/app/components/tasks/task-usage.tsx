import { Link } from "@remix-run/react";
import { count, usd } from "../../lib/format";
import type { TaskUsage } from "./types";

/** The task's LLM tokens and cost, as facts of the detail list (nothing for tasks no model ran). */
export function TaskUsageFacts({ usage }: { usage: TaskUsage | null }) {
  if (!usage) return null;
  return (
    <>
      <div>
        <dt>Model</dt>
        <dd className="mono">{usage.model}</dd>
      </div>
      <div>
        <dt>Tokens</dt>
        <dd data-testid="task-tokens">
          {count(usage.promptTokens)} prompt · {count(usage.completionTokens)} completion
        </dd>
      </div>
      <div>
        <dt>Cost</dt>
        <dd data-testid="task-cost">
          {usage.costUsd === null ? (
            <span className="muted">
              not priced (
              <Link to="/settings/tenant#model-prices-heading">set a price for {usage.model}</Link>)
            </span>
          ) : (
            usd(usage.costUsd)
          )}
        </dd>
      </div>
    </>
  );
}
