import type { ProblemBody } from "../../../../shared/problems";
import type { RowError } from "../../lib/task-rows";
import type { ActionResult } from "../problem-notice";

/** The API's task as the dashboard reads it (mirrors the Task schema; types only). */
export type TaskStatus = "queued" | "assigned" | "succeeded" | "failed" | "cancelled";

export interface TaskAttempt {
  attempt: number;
  agentId: string;
  probe: boolean;
  assignedAt: string;
  outcome: string | null;
  latencyMs: number | null;
  finishedAt: string | null;
  /** A machine-readable cause within the outcome (`invalid_output`, `http_503`). */
  reason: string | null;
  /** The executor's short explanation. */
  detail: string | null;
}

/** What the task's LLM calls used, over all its attempts; cost is null while a model has no price. */
export interface TaskUsage {
  model: string;
  promptTokens: number;
  completionTokens: number;
  costUsd: number | null;
}

export interface Task {
  id: string;
  externalId: string | null;
  status: TaskStatus;
  impact: number;
  urgency: number;
  risk: number;
  capabilities: string[];
  maxAttempts: number;
  attempts: TaskAttempt[];
  holdReason: string | null;
  reason: string | null;
  usage: TaskUsage | null;
  payload?: unknown;
  createdAt: string;
  finishedAt: string | null;
}

export interface TaskPage {
  tasks: Task[];
  nextCursor: string | null;
}

/** Enough of an agent to name it in a table. */
export interface AgentName {
  id: string;
  name: string;
}

export const TASK_STATUSES: TaskStatus[] = ["queued", "assigned", "succeeded", "failed", "cancelled"];

/** Only waiting or running tasks can be cancelled. */
export function cancellable(status: TaskStatus): boolean {
  return status === "queued" || status === "assigned";
}

export function lastAttempt(task: Pick<Task, "attempts">): TaskAttempt | undefined {
  return task.attempts[task.attempts.length - 1];
}

/** What the batch action answers: the ids accepted so far, even when a later chunk failed. */
export interface BatchSendResult extends ActionResult {
  taskIds: string[];
  chunks: number;
  sentChunks: number;
  replayed: number;
  rowErrors?: RowError[];
}

export interface BatchStatusResult {
  statuses: Record<string, TaskStatus>;
}

/** The detail route's data: the task, or the API's problem (a fetcher shows it in place). */
export type TaskDetailData =
  | { task: Task; agents: AgentName[]; problem?: undefined }
  | { task: null; agents: AgentName[]; problem: ProblemBody };
