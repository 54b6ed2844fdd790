import type { TenantView } from "../../../../shared/schemas/tenant";
import { count, usd } from "../../lib/format";

/** This month's usage as cards (the numbers billing and quotas are based on). */
export function TenantUsage({ usage }: { usage: TenantView["usage"] }) {
  const cards = [
    {
      id: "tasks-submitted",
      label: "Tasks submitted",
      value: usage.tasksSubmitted,
      help: "accepted this month",
    },
    {
      id: "tasks-executed",
      label: "Tasks executed",
      value: usage.tasksExecuted,
      help: "attempts that reported an outcome",
    },
    { id: "api-calls", label: "API calls", value: usage.apiCalls, help: "requests within the rate limits" },
    { id: "agents", label: "Agents", value: usage.agents, help: "registered now" },
  ];
  const llm = usage.llm;
  const llmCards = [
    {
      id: "llm-tokens",
      label: "LLM tokens",
      value: count(llm.promptTokens + llm.completionTokens),
      help: `${count(llm.promptTokens)} prompt · ${count(llm.completionTokens)} completion`,
    },
    {
      id: "llm-cost",
      label: "LLM cost",
      value: usd(llm.costUsd),
      help:
        llm.unpricedCalls > 0
          ? `plus ${count(llm.unpricedCalls)} unpriced ${llm.unpricedCalls === 1 ? "call" : "calls"}`
          : "at the prices when each call ran",
    },
  ];
  return (
    <section aria-labelledby="usage-heading" className="stack">
      <h3 id="usage-heading">
        Usage in {usage.month} <span className="muted">(UTC month)</span>
      </h3>
      <div className="grid kpis">
        {[...cards.map((c) => ({ ...c, value: count(c.value) })), ...llmCards].map((c) => (
          <div key={c.id} className="card kpi" data-testid={`usage-${c.id}`}>
            <div className="label">{c.label}</div>
            <div className="value">{c.value}</div>
            <div className="hint">{c.help}</div>
          </div>
        ))}
      </div>
    </section>
  );
}
