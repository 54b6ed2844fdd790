import type { GovernanceConfig } from "./config";
import type { TaskState } from "./types";

/**
 * Aging grows linearly with wait time up to agingMaxBoost at agingWindowMs, so even the least
 * important task eventually outranks fresh important ones and nothing starves.
 */
export function agingBoost(waitMs: number, config: GovernanceConfig): number {
  if (waitMs <= 0) return 0;
  return config.agingMaxBoost * Math.min(1, waitMs / config.agingWindowMs);
}

/** ARCHITECTURE §3: 0.5·impact + 0.35·urgency + 0.15·(1−risk) + aging; risk never raises priority. */
export function priority(
  task: Pick<TaskState, "impact" | "urgency" | "risk" | "createdAt">,
  now: number,
  config: GovernanceConfig,
): number {
  const base = 0.5 * task.impact + 0.35 * task.urgency + 0.15 * (1 - task.risk);
  return base + agingBoost(now - task.createdAt, config);
}

export interface Ranked<T> {
  task: T;
  priority: number;
}

/** Highest priority first; ties go to the older task, then the smaller id, so the order is total. */
export function rankTasks<T extends TaskState>(
  tasks: readonly T[],
  now: number,
  config: GovernanceConfig,
): Ranked<T>[] {
  const ranked = tasks.map((task) => ({ task, priority: priority(task, now, config) }));
  ranked.sort(
    (a, b) =>
      b.priority - a.priority ||
      a.task.createdAt - b.task.createdAt ||
      (a.task.id < b.task.id ? -1 : a.task.id > b.task.id ? 1 : 0),
  );
  return ranked;
}
