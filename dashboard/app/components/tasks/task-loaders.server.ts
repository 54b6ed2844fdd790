import { json } from "@remix-run/cloudflare";
import type { ProblemBody } from "../../../../shared/problems";
import { ApiError } from "../../lib/api.server";
import type { Signed } from "../../lib/auth.server";
import { type HistoryQuery, PAGE_SIZES } from "./history-filters";
import type { AgentName, Task, TaskDetailData, TaskPage } from "./types";

export function historyQuery(url: URL): HistoryQuery {
  const limit = Number(url.searchParams.get("limit"));
  return {
    status: url.searchParams.get("status") ?? "",
    agentId: url.searchParams.get("agentId") ?? "",
    limit: PAGE_SIZES.includes(limit) ? limit : 50,
    cursor: url.searchParams.get("cursor") ?? "",
  };
}

/** Agent names for the filter and the table; a role that may not list agents sees ids instead. */
export async function agentNames(signed: Signed): Promise<AgentName[]> {
  try {
    const { agents } = await signed.api.get<{ agents: AgentName[] }>("/agents");
    return agents.map((a) => ({ id: a.id, name: a.name })).sort((a, b) => a.name.localeCompare(b.name));
  } catch (err) {
    if (err instanceof ApiError && err.status < 500) return [];
    throw err;
  }
}

/**
 * One page of history. A filter the API refuses (a stale cursor, a malformed agent id) is shown
 * beside the filters instead of replacing the page.
 */
export async function historyPage(
  signed: Signed,
  q: HistoryQuery,
): Promise<TaskPage & { problem: ProblemBody | null }> {
  try {
    const page = await signed.api.get<TaskPage>("/tasks", {
      status: q.status,
      agentId: q.agentId,
      limit: q.limit,
      cursor: q.cursor,
    });
    return { ...page, problem: null };
  } catch (err) {
    if (err instanceof ApiError && err.status === 400)
      return { tasks: [], nextCursor: null, problem: err.problem };
    if (err instanceof ApiError) throw json(err.problem, { status: err.status });
    throw err;
  }
}

/** A task for its page or an expanded row: the problem comes back as data, not as a thrown error. */
export async function taskDetail(
  signed: Signed,
  id: string,
): Promise<{ data: TaskDetailData; status: number }> {
  const [agents, task] = await Promise.all([
    agentNames(signed),
    signed.api.get<Task>(`/tasks/${encodeURIComponent(id)}`).catch((err: unknown) => {
      if (err instanceof ApiError && err.status < 500) return err;
      throw err;
    }),
  ]);
  if (task instanceof ApiError)
    return { data: { task: null, agents, problem: task.problem }, status: task.status };
  return { data: { task, agents }, status: 200 };
}
