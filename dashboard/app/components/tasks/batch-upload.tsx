import { useFetcher } from "@remix-run/react";
import { useId, useState } from "react";
import { type CheckedRows, MAX_TASKS_PER_REQUEST, sendable, type TaskDraft } from "../../lib/task-rows";
import { useSignedIn } from "../../lib/use-signed-in";
import { ProblemNotice } from "../problem-notice";
import { BatchErrors, BatchPreview } from "./batch-preview";
import { BatchProgress } from "./batch-progress";
import { parseUpload } from "./parse-upload";
import type { BatchSendResult } from "./types";
import { useBatchTracker } from "./use-batch-tracker";

interface Upload {
  /** One key per chosen file, kept across retries so the API never counts a chunk twice. */
  key: string;
  name: string;
  checked: CheckedRows;
  tasks: TaskDraft[] | null;
}

/** Works without a secure context too (crypto.randomUUID needs one). */
function newUploadKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `upl-${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** Pick a CSV or JSON file, check every row in the browser, send when all are valid, watch them run. */
export function BatchUpload() {
  const { csrf } = useSignedIn();
  const inputId = useId();
  const [upload, setUpload] = useState<Upload | null>(null);
  const [reading, setReading] = useState(false);
  const [startedAt, setStartedAt] = useState<string | null>(null);
  const send = useFetcher<BatchSendResult>({ key: `batch-${upload?.key ?? "none"}` });
  const result = send.data;
  // "loading" follows a finished send while the page revalidates: the answer is already here.
  const sending = send.state === "submitting";
  const ids = result?.taskIds ?? NO_IDS;
  const counts = useBatchTracker({
    uploadKey: upload?.key ?? "none",
    listening: startedAt !== null,
    ids,
    csrf,
    since: startedAt ?? "",
    checkNow: (result?.replayed ?? 0) > 0,
  });

  async function onFile(e: React.ChangeEvent<HTMLInputElement>) {
    const input = e.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    setStartedAt(null);
    setReading(true);
    try {
      const checked = await parseUpload(file);
      setUpload({ key: newUploadKey(), name: file.name, checked, tasks: sendable(checked) });
    } finally {
      setReading(false);
      // Choosing the same (edited) file again must read it again.
      input.value = "";
    }
  }

  function submit() {
    if (!upload?.tasks) return;
    // Earlier than the first task's creation: the status check pages back to here at most.
    setStartedAt((s) => s ?? new Date(Date.now() - 60_000).toISOString());
    const form = new FormData();
    form.set("csrf", csrf);
    form.set("intent", "send");
    form.set("uploadKey", upload.key);
    form.set("tasks", JSON.stringify(upload.tasks));
    send.submit(form, { method: "post", action: "/tasks/batch", encType: "multipart/form-data" });
  }

  const n = upload?.tasks?.length ?? upload?.checked.rows.length ?? 0;
  const sent = result?.ok === true;
  const failed = !sending && result?.problem !== undefined;
  return (
    <div className="stack">
      <div className="stack tight">
        <label htmlFor={inputId}>Batch file (CSV or JSON)</label>
        <input
          id={inputId}
          type="file"
          accept=".csv,.json,text/csv,application/json"
          aria-describedby={`${inputId}-hint`}
          onChange={onFile}
          disabled={sending}
        />
        <span id={`${inputId}-hint`} className="hint">
          CSV columns: impact, urgency, risk, capabilities (separated by ; or |), externalId, payload (JSON),
          maxAttempts. JSON: an array of tasks or {"{ tasks: [...] }"}. Files over {MAX_TASKS_PER_REQUEST}{" "}
          tasks are sent in several requests.
        </span>
      </div>
      {reading && <p className="muted">Reading the file…</p>}
      {upload && !reading && (
        <>
          <p className="muted">
            File: <span className="mono">{upload.name}</span>
          </p>
          {!sent && <BatchPreview checked={upload.checked} />}
          <BatchErrors errors={upload.checked.errors} />
          {!sent && (
            <div className="row">
              <button
                type="button"
                className="primary"
                disabled={!upload.tasks || sending || startedAt !== null}
                onClick={submit}
              >
                Send {n} task{n === 1 ? "" : "s"}
              </button>
              {failed && (
                <button type="button" onClick={submit}>
                  Retry sending
                </button>
              )}
              {!upload.tasks && (
                <span className="muted">Fix the file and choose it again: every row must be valid.</span>
              )}
            </div>
          )}
          {failed && result && (
            <>
              <ProblemNotice result={result} />
              <p className="muted">
                {result.sentChunks} of {result.chunks} request{result.chunks === 1 ? "" : "s"} accepted.
                Retrying sends the same upload again; requests already accepted are not counted twice.
              </p>
              {result.rowErrors && <BatchErrors errors={result.rowErrors} title="Rows the API refused" />}
            </>
          )}
          {startedAt !== null && (ids.length > 0 || sending) && (
            <BatchProgress counts={counts} total={n} sending={sending} />
          )}
        </>
      )}
    </div>
  );
}

const NO_IDS: string[] = [];
