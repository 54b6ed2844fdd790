import { Link } from "@remix-run/react";
import { clock, dateTime, ms } from "../../lib/format";
import { StatusBadge } from "../status-badge";
import { LevelBadges } from "./level-badges";
import { TaskUsageFacts } from "./task-usage";
import type { AgentName, Task } from "./types";

const HOLD: Record<string, string> = {
  no_capable_agent: "no agent has the capabilities",
  trust_gate: "no agent is trusted enough for its risk",
  capacity: "capable agents are busy",
  circuit_open: "the circuit breaker is open",
};

const OUTCOME_TONE: Record<string, string> = {
  success: "good",
  failure: "bad",
  timeout: "bad",
  rate_limited: "warn",
  rejected: "bad",
};

/** Payloads can be 64 KiB: show the start, the full text is in the API. */
function payloadText(payload: unknown): string {
  const text = JSON.stringify(payload, null, 2) ?? "";
  return text.length > 4000 ? `${text.slice(0, 4000)}\n…` : text;
}

export function agentLabel(id: string, agents: AgentName[]): string {
  return agents.find((a) => a.id === id)?.name ?? id;
}

/** Why an attempt ended as it did: the executor's reason code and its short explanation. */
function AttemptCause({ reason, detail }: { reason?: string | null; detail?: string | null }) {
  if (!reason && !detail) return <span className="muted">—</span>;
  return (
    <span className="attempt-cause">
      {reason && <span className="mono">{reason}</span>}
      {detail && <span className="muted">{detail}</span>}
    </span>
  );
}

/** A task's fields, LLM usage, and every attempt (agent, outcome and why, latency, times). */
export function TaskDetail({ task, agents }: { task: Task; agents: AgentName[] }) {
  return (
    <div className="stack task-detail" data-testid="task-detail">
      <dl className="task-facts">
        <div>
          <dt>Status</dt>
          <dd>
            <StatusBadge status={task.status} />
            {task.holdReason && (
              <span className="muted"> waiting: {HOLD[task.holdReason] ?? task.holdReason}</span>
            )}
          </dd>
        </div>
        <div>
          <dt>Impact / urgency / risk</dt>
          <dd>
            <LevelBadges task={task} />
          </dd>
        </div>
        <div>
          <dt>Capabilities</dt>
          <dd>
            {task.capabilities.length ? (
              task.capabilities.map((c) => (
                <span key={c} className="chip">
                  {c}
                </span>
              ))
            ) : (
              <span className="muted">any</span>
            )}
          </dd>
        </div>
        <div>
          <dt>External id</dt>
          <dd className="mono">{task.externalId ?? "—"}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>{dateTime(task.createdAt)}</dd>
        </div>
        <div>
          <dt>Finished</dt>
          <dd>{dateTime(task.finishedAt)}</dd>
        </div>
        {task.reason && (
          <div>
            <dt>Reason</dt>
            <dd>{task.reason}</dd>
          </div>
        )}
        <TaskUsageFacts usage={task.usage ?? null} />
      </dl>
      <div className="table-wrap">
        <table>
          <caption>
            Attempts ({task.attempts.length} of at most {task.maxAttempts})
          </caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Agent</th>
              <th scope="col">Outcome</th>
              <th scope="col">Why</th>
              <th scope="col">Latency</th>
              <th scope="col">Assigned</th>
              <th scope="col">Finished</th>
            </tr>
          </thead>
          <tbody>
            {task.attempts.length === 0 && (
              <tr>
                <td colSpan={7} className="muted">
                  Not assigned yet.
                </td>
              </tr>
            )}
            {task.attempts.map((a) => (
              <tr key={a.attempt}>
                <td className="mono">
                  {a.attempt}
                  {a.probe && <span className="badge info"> probe</span>}
                </td>
                <td>
                  <Link to={`/agents/${a.agentId}`}>{agentLabel(a.agentId, agents)}</Link>
                </td>
                <td>
                  {a.outcome ? (
                    <span className={`badge ${OUTCOME_TONE[a.outcome] ?? "info"}`}>
                      {a.outcome.replace("_", " ")}
                    </span>
                  ) : (
                    <span className="muted">running</span>
                  )}
                </td>
                <td className="small">
                  <AttemptCause reason={a.reason} detail={a.detail} />
                </td>
                <td className="mono">{ms(a.latencyMs)}</td>
                <td>{clock(a.assignedAt)}</td>
                <td>{a.finishedAt ? clock(a.finishedAt) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {task.payload !== undefined && (
        <details>
          <summary>Payload</summary>
          <pre className="mono">{payloadText(task.payload)}</pre>
        </details>
      )}
    </div>
  );
}
