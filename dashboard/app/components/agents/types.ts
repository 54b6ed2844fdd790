import type { AgentView } from "../../../../shared/schemas/agents";
import type { AgentHistory } from "../../../../shared/schemas/analytics";
import type { TaskView } from "../../../../shared/schemas/tasks";

export type Agent = AgentView;
export type AgentStatus = AgentView["status"];
export type TrustPoint = AgentHistory["trust"][number];
export type StatusEvent = AgentHistory["status"][number];
export type Task = TaskView;

export const AGENT_STATUSES: AgentStatus[] = ["active", "probation", "suppressed", "excluded"];

/** What each lifecycle event leaves the agent as (drift keeps the status, it only flags). */
export const STATUS_AFTER: Record<string, AgentStatus | undefined> = {
  "agent.suppressed": "suppressed",
  "agent.probation": "probation",
  "agent.reinstated": "active",
  "agent.excluded": "excluded",
};

/** One attempt of a task by this agent: the unit an operator reads an agent's record in. */
export interface Execution {
  taskId: string;
  attempt: number;
  outcome: string | null;
  latencyMs: number | null;
  /** When it finished, or when it was assigned while still running. */
  at: string;
}

/** The agent's attempts in a page of tasks, newest first. */
export function executionsOf(tasks: Task[], agentId: string): Execution[] {
  const out: Execution[] = [];
  for (const task of tasks)
    for (const a of task.attempts)
      if (a.agentId === agentId)
        out.push({
          taskId: task.id,
          attempt: a.attempt,
          outcome: a.outcome,
          latencyMs: a.latencyMs,
          at: a.finishedAt ?? a.assignedAt,
        });
  return out.sort((x, y) => y.at.localeCompare(x.at));
}

/** Capabilities typed as `a, b, c` in a form. */
export function splitList(text: string): string[] {
  return text
    .split(",")
    .map((c) => c.trim())
    .filter((c) => c !== "");
}
