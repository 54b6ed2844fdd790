import { dateTime } from "../../lib/format";
import { EmptyState } from "../empty-state";
import { statusDetail, statusLabel, statusTone } from "./status-events";
import type { StatusEvent } from "./types";

/** Suppressions, probation, reinstatements, exclusion and drift, newest first. */
export function StatusTimeline({ events }: { events: StatusEvent[] }) {
  const newestFirst = [...events].sort((a, b) => b.seq - a.seq);
  return (
    <section className="card stack agent-panel" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Suppression timeline</h2>
      {newestFirst.length === 0 ? (
        <EmptyState title="No status changes in the last 7 days" />
      ) : (
        <ol className="timeline" data-testid="suppression-timeline" aria-label="Status changes, newest first">
          {newestFirst.map((ev) => (
            <li key={ev.seq} className={`tone-${statusTone(ev.type)}`}>
              <time dateTime={ev.at} className="small">
                {dateTime(ev.at)}
              </time>
              <span className={`badge ${statusTone(ev.type)}`}>{statusLabel(ev.type)}</span>
              <span className="small">{statusDetail(ev) || <span className="muted">—</span>}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
