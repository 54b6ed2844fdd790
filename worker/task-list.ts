import { type TaskView, toTaskView } from "../shared/schemas/tasks";
import type { Env } from "./env";
import { hubFor } from "./hub-client";
import { historyTaskIds, viewsFromHistory } from "./retention-task";

const OPEN_STATUSES = new Set(["queued", "assigned"]);

export interface TaskListFilter {
  status?: string;
  agentId?: string;
  before?: string;
  limit: number;
}

/**
 * One page of the task list, newest first. The hub holds open and recently finished tasks; the
 * retention run moves older finished ones out to D1 history only (decision 020). Both sources
 * are read below the cursor, merged by id (the hub's copy wins), and cut to the page, so a task
 * is listed once whichever side holds it.
 */
export async function listTaskPage(
  env: Env,
  tenantId: string,
  filter: TaskListFilter,
): Promise<{ tasks: TaskView[]; nextBefore: string | null }> {
  const hubPage = await hubFor(env, tenantId).listTasks(filter);
  if (filter.status && OPEN_STATUSES.has(filter.status)) {
    return { tasks: hubPage.tasks.map(toTaskView), nextBefore: hubPage.nextBefore };
  }
  const fromHistory = await historyTaskIds(env.DB, tenantId, { ...filter, limit: filter.limit + 1 });
  const inHub = new Set(hubPage.tasks.map((t) => t.id));
  const ids = [...new Set([...inHub, ...fromHistory])].sort().reverse();
  const page = ids.slice(0, filter.limit);
  const more = ids.length > filter.limit || hubPage.nextBefore !== null || fromHistory.length > filter.limit;
  const historyViews = new Map(
    (
      await viewsFromHistory(
        env.DB,
        tenantId,
        page.filter((id) => !inHub.has(id)),
      )
    ).map((v) => [v.id, v]),
  );
  const hubViews = new Map(hubPage.tasks.map((t) => [t.id, toTaskView(t)]));
  const tasks = page.flatMap((id) => {
    const view = hubViews.get(id) ?? historyViews.get(id);
    return view ? [view] : [];
  });
  const last = page[page.length - 1];
  return { tasks, nextBefore: more && last ? last : null };
}
