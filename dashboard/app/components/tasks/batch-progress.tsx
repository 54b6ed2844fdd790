import { useId } from "react";
import type { BatchCounts } from "./use-batch-tracker";

interface BatchProgressProps {
  counts: BatchCounts;
  /** Tasks in the upload (the accepted count may lag while requests are still being sent). */
  total: number;
  sending: boolean;
}

/** Accepted → succeeded / failed / pending, live, with a progress bar over the accepted tasks. */
export function BatchProgress({ counts, total, sending }: BatchProgressProps) {
  const id = useId();
  const percent = counts.accepted ? Math.round((counts.finished / counts.accepted) * 100) : 0;
  return (
    <section className="batch-progress stack" data-testid="batch-progress" aria-label="Batch progress">
      <dl className="batch-counts">
        <div>
          <dt>Accepted</dt>
          <dd data-testid="batch-accepted">
            {counts.accepted}
            {sending || counts.accepted < total ? <span className="muted"> of {total}</span> : null}
          </dd>
        </div>
        <div>
          <dt>Succeeded</dt>
          <dd className="trust-good" data-testid="batch-succeeded">
            {counts.succeeded}
          </dd>
        </div>
        <div>
          <dt>Failed</dt>
          <dd className="trust-bad" data-testid="batch-failed">
            {counts.failed}
          </dd>
        </div>
        {counts.cancelled > 0 && (
          <div>
            <dt>Cancelled</dt>
            <dd data-testid="batch-cancelled">{counts.cancelled}</dd>
          </div>
        )}
        <div>
          <dt>Pending</dt>
          <dd className="trust-warn" data-testid="batch-pending">
            {counts.pending}
          </dd>
        </div>
      </dl>
      <div className="stack batch-bar">
        <label htmlFor={id}>
          Finished {counts.finished} of {counts.accepted} ({percent}%)
        </label>
        <progress id={id} max={Math.max(counts.accepted, 1)} value={counts.finished}>
          {percent}%
        </progress>
      </div>
      <p role="status" className={counts.done ? "notice ok" : "muted"}>
        {sending
          ? `Sending ${total} task${total === 1 ? "" : "s"}…`
          : counts.done
            ? `All ${counts.accepted} task${counts.accepted === 1 ? "" : "s"} finished`
            : counts.accepted
              ? `${counts.pending} still running or queued; counts update as tasks finish.`
              : "Nothing accepted yet."}
      </p>
    </section>
  );
}
