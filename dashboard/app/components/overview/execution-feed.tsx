import { Link } from "@remix-run/react";
import { clock, ms } from "../../lib/format";
import type { FeedItem } from "./derive-feed";

const words = (x: string) => x.replace("_", " ");

function Result({ item }: { item: FeedItem }) {
  if (item.type === "task.completed")
    return <span className="badge good">{item.slow ? "slow success" : "success"}</span>;
  if (item.type === "task.failed")
    return <span className="badge bad">failed: {words(item.reason ?? item.outcome ?? "")}</span>;
  return <span className="badge warn">retry: {words(item.outcome ?? item.reason ?? "voided")}</span>;
}

/** Task ids share their time-ordered prefix: the tail is what tells neighbours apart. */
function TaskId({ id }: { id: string | null }) {
  if (!id) return <span className="ov-task muted">—</span>;
  return (
    <Link to={`/tasks/${id}`} className="mono ov-task" title={id} aria-label={`Task ${id}`}>
      <span aria-hidden="true">…</span>
      {id.slice(-8)}
    </Link>
  );
}

/** The latest results, newest first, announced politely as they arrive. */
export function ExecutionFeed({ items, nameOf }: { items: FeedItem[]; nameOf: (id: string) => string }) {
  return (
    <section className="card" aria-labelledby="feed-title">
      <div className="spread">
        <h2 id="feed-title">Execution feed</h2>
        {items.length > 0 && <span className="muted">latest {items.length}</span>}
      </div>
      <ul
        className="feed ov-feed"
        data-testid="execution-feed"
        aria-label="Execution feed"
        aria-live="polite"
      >
        {items.map((item) => (
          <li key={item.seq} data-seq={item.seq}>
            {item.agentId ? (
              <Link to={`/agents/${item.agentId}`} className="ov-agent">
                {nameOf(item.agentId)}
              </Link>
            ) : (
              <span className="ov-agent muted">unknown agent</span>
            )}
            <span className="ov-result">
              <Result item={item} />
            </span>
            <span className="ov-meta muted">
              <time className="mono" dateTime={item.time}>
                {clock(item.time)}
              </time>{" "}
              · <TaskId id={item.taskId} />
              {item.attempt !== null && item.attempt > 1 ? ` · attempt ${item.attempt}` : ""}
            </span>
            <span className="mono ov-latency">{ms(item.latencyMs)}</span>
          </li>
        ))}
      </ul>
      {items.length === 0 && (
        <p className="muted">No results yet: they appear here as agents finish tasks.</p>
      )}
    </section>
  );
}
