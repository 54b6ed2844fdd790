import { Form } from "@remix-run/react";
import { useRef } from "react";
import { CsrfInput } from "../csrf-input";

/**
 * Cancel a queued or assigned task, after a confirmation dialog with an optional reason (the
 * API records it on the task). The button names its task, so a table of them stays unambiguous.
 */
export function CancelTask({ taskId, action }: { taskId: string; action: string }) {
  const dialog = useRef<HTMLDialogElement>(null);
  return (
    <>
      <button
        type="button"
        className="danger small"
        aria-label={`Cancel task ${taskId}`}
        onClick={() => dialog.current?.showModal()}
      >
        Cancel
      </button>
      <dialog ref={dialog} aria-label={`Cancel task ${taskId}`}>
        <Form method="post" action={action} className="form" onSubmit={() => dialog.current?.close()}>
          <h2>Cancel this task?</h2>
          <p className="mono">{taskId}</p>
          <CsrfInput />
          <input type="hidden" name="intent" value="cancel" />
          <input type="hidden" name="taskId" value={taskId} />
          <label>
            Reason (optional)
            <textarea name="reason" maxLength={500} rows={2} />
          </label>
          <div className="row">
            <button type="submit" className="danger">
              Cancel task
            </button>
            <button type="button" onClick={() => dialog.current?.close()}>
              Keep it
            </button>
          </div>
        </Form>
      </dialog>
    </>
  );
}
