import { Link } from "@remix-run/react";
import { count, dateTime, ms, pct, usd } from "../../lib/format";
import type { Agent } from "./types";

/** What the agent runs on, as facts of the header's list: endpoint, simulation, or model. */
export function AgentKindFacts({ agent }: { agent: Agent }) {
  if (agent.kind === "http")
    return (
      <div>
        <dt>Endpoint</dt>
        <dd className="small">{agent.endpoint}</dd>
      </div>
    );
  if (agent.kind === "llm" && agent.llm) return <LlmFacts agent={agent} llm={agent.llm} />;
  const sim = agent.simulation;
  return (
    <div>
      <dt>Simulation</dt>
      <dd className="small">
        {sim && (
          <>
            {pct(sim.successRate, 0)} success, {ms(sim.latencyMs)}
            {sim.degradeAfter !== undefined && (
              <>
                ; after {sim.degradeAfter} tasks {pct(sim.degradedSuccessRate ?? null, 0)}
              </>
            )}
          </>
        )}
      </dd>
    </div>
  );
}

function LlmFacts({ agent, llm }: { agent: Agent; llm: NonNullable<Agent["llm"]> }) {
  const u = agent.usage;
  return (
    <>
      <div>
        <dt>Model</dt>
        <dd className="small" data-testid="agent-model">
          <span className="mono">{llm.model}</span> @ <span className="mono">{llm.baseUrl}</span>
        </dd>
      </div>
      <div>
        <dt>API key</dt>
        <dd data-testid="agent-api-key">
          {llm.apiKeyConfigured ? (
            <span className="badge good">configured</span>
          ) : (
            <span className="badge warn">not configured</span>
          )}
        </dd>
      </div>
      <div>
        <dt>Temperature · max tokens</dt>
        <dd className="small">
          {llm.temperature} · {llm.maxTokens === undefined ? "model default" : count(llm.maxTokens)}
        </dd>
      </div>
      <div>
        <dt>Output contract</dt>
        <dd className="small">{llm.outputSchema ? "JSON Schema" : "none"}</dd>
      </div>
      <div>
        <dt>Tokens used</dt>
        <dd className="small" data-testid="agent-tokens">
          {count(u.promptTokens)} prompt · {count(u.completionTokens)} completion
        </dd>
      </div>
      <div>
        <dt>Cost</dt>
        <dd data-testid="agent-cost">
          {usd(u.costUsd)}
          {u.unpricedCalls > 0 && (
            <span className="small muted">
              {" "}
              + {count(u.unpricedCalls)} unpriced {u.unpricedCalls === 1 ? "call" : "calls"} (
              <Link to="/settings/tenant#model-prices-heading">set a price</Link>)
            </span>
          )}
        </dd>
      </div>
    </>
  );
}

/** An http agent's signing secret: when it last changed, and whether the one before still signs. */
export function signingState(agent: Agent, now = Date.now()): { rotated: string; previous: string } {
  const s = agent.signing;
  const rotated = s?.secretRotatedAt ? `rotated ${dateTime(s.secretRotatedAt)}` : "issued at registration";
  const until = s?.previousSecretExpiresAt;
  const previous = !until
    ? "none"
    : Date.parse(until) > now
      ? `also signs until ${dateTime(until)}`
      : `retired ${dateTime(until)}`;
  return { rotated, previous };
}
