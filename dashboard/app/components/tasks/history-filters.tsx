import { Form, Link } from "@remix-run/react";
import { type AgentName, TASK_STATUSES } from "./types";

export interface HistoryQuery {
  status: string;
  agentId: string;
  limit: number;
  cursor: string;
}

export const PAGE_SIZES = [25, 50, 100, 200];

/** The query string of a history page, without empty values. */
export function historySearch(q: Partial<HistoryQuery>): string {
  const params = new URLSearchParams();
  if (q.status) params.set("status", q.status);
  if (q.agentId) params.set("agentId", q.agentId);
  if (q.limit && q.limit !== 50) params.set("limit", String(q.limit));
  if (q.cursor) params.set("cursor", q.cursor);
  const s = params.toString();
  return s ? `?${s}` : "";
}

/** Filters the API supports (status, agent) plus page size, as a GET form: the URL is the state. */
export function HistoryFilters({ query, agents }: { query: HistoryQuery; agents: AgentName[] }) {
  const knownAgent = !query.agentId || agents.some((a) => a.id === query.agentId);
  return (
    <Form method="get" action="/tasks" className="row filters" aria-label="Filter tasks">
      <label>
        Status
        <select name="status" defaultValue={query.status}>
          <option value="">Any status</option>
          {TASK_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label>
        Agent
        <select name="agentId" defaultValue={query.agentId}>
          <option value="">Any agent</option>
          {!knownAgent && <option value={query.agentId}>{query.agentId}</option>}
          {agents.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Per page
        <select name="limit" defaultValue={String(query.limit)}>
          {PAGE_SIZES.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">Apply filters</button>
      {(query.status || query.agentId || query.cursor) && <Link to="/tasks">Clear</Link>}
    </Form>
  );
}

/** Cursor paging: "Older" follows the API's nextCursor; "Newest" goes back to the first page. */
export function HistoryPager({ query, nextCursor }: { query: HistoryQuery; nextCursor: string | null }) {
  if (!nextCursor && !query.cursor) return null;
  return (
    <nav className="row pager" aria-label="Task history pages">
      {query.cursor && (
        <Link to={`/tasks${historySearch({ ...query, cursor: "" })}`} prefetch="intent">
          ← Newest
        </Link>
      )}
      {nextCursor && (
        <Link to={`/tasks${historySearch({ ...query, cursor: nextCursor })}`} prefetch="intent">
          Older →
        </Link>
      )}
    </nav>
  );
}
