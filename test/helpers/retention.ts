/** Shared by the retention tests: fire the cron, read the hub's and D1's rows. */
import {
  createExecutionContext,
  createScheduledController,
  runInDurableObject,
  waitOnExecutionContext,
} from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import worker from "../../worker/index";
import { api, type TaskBody, waitFor } from "./api";
import { hub } from "./tenant";

export const HOUR = 3600_000;
export const DAY = 24 * HOUR;
export const STEADY = { successRate: 1, latencyMs: 5, seed: 7 };

/**
 * Fires the hourly cron as Cloudflare would, with `scheduledTime` as the run's clock, then waits
 * until the queue consumer has finished the run for every tenant that existed when it fired.
 */
export async function runRetentionAt(scheduledTime: number): Promise<void> {
  const firedAt = new Date().toISOString();
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ scheduledTime, cron: "17 * * * *" }), env, ctx);
  await waitOnExecutionContext(ctx);
  const run = new Date(scheduledTime).toISOString();
  await waitFor(
    async () => {
      const behind = await env.DB.prepare(
        `SELECT COUNT(*) AS n FROM tenants WHERE created_at <= ? AND (retained_at IS NULL OR retained_at < ?)`,
      )
        .bind(firedAt, run)
        .first<{ n: number }>();
      return behind?.n === 0 ? true : undefined;
    },
    { what: "the retention run to reach every tenant", timeoutMs: 50_000 },
  );
}

/** The tasks the tenant's hub still holds in its SQLite: id → status. */
export function hubTasks(tenantId: string): Promise<Map<string, string>> {
  return runInDurableObject(hub(tenantId), (_hub, state) => {
    const rows = state.storage.sql.exec<{ id: string; status: string }>(`SELECT id, status FROM tasks`);
    return new Map(rows.toArray().map((r) => [r.id, r.status]));
  });
}

export function hubRows(tenantId: string, sql: string, ...binds: string[]): Promise<number> {
  return runInDurableObject(
    hub(tenantId),
    (_hub, state) => state.storage.sql.exec<{ n: number }>(sql, ...binds).one().n,
  );
}

export const historyRow = (tenantId: string, taskId: string) =>
  env.DB.prepare(`SELECT status FROM task_history WHERE tenant_id = ? AND task_id = ?`)
    .bind(tenantId, taskId)
    .first<{ status: string }>();

export async function submit(key: string, body: Record<string, unknown>): Promise<string> {
  const res = await api<TaskBody>("/api/v1/tasks", {
    key,
    body: { impact: 0.5, urgency: 0.5, risk: 0.1, ...body },
  });
  expect(res.status).toBe(202);
  return res.body.id;
}

export const getTask = (key: string, id: string) =>
  api<TaskBody & Record<string, unknown>>(`/api/v1/tasks/${id}`, { key });
