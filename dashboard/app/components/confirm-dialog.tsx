import { Form } from "@remix-run/react";
import { useRef } from "react";
import { CsrfInput } from "./csrf-input";

interface ConfirmActionProps {
  /** The button that opens the dialog. */
  label: string;
  title: string;
  /** The form's `intent` (one action handles several controls). */
  intent: string;
  action?: string;
  danger?: boolean;
  /** Ask for a reason (sent as `reason`, recorded in the audit log). */
  reason?: boolean;
  children?: React.ReactNode;
}

/**
 * A control that changes governance asks first: a native <dialog> (focus trapped, Escape
 * closes) holding the form, with a required reason when the action is audited with one.
 */
export function ConfirmAction({
  label,
  title,
  intent,
  action,
  danger,
  reason,
  children,
}: ConfirmActionProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  return (
    <>
      <button
        type="button"
        className={danger ? "danger" : undefined}
        onClick={() => dialog.current?.showModal()}
      >
        {label}
      </button>
      <dialog ref={dialog} aria-label={title}>
        <Form method="post" action={action} className="form" onSubmit={() => dialog.current?.close()}>
          <h2>{title}</h2>
          <CsrfInput />
          <input type="hidden" name="intent" value={intent} />
          {children}
          {reason && (
            <label>
              Reason (kept in the audit log)
              <textarea name="reason" required minLength={3} maxLength={500} rows={3} />
            </label>
          )}
          <div className="row">
            <button type="submit" className={danger ? "danger" : "primary"}>
              Confirm
            </button>
            <button type="button" onClick={() => dialog.current?.close()}>
              Cancel
            </button>
          </div>
        </Form>
      </dialog>
    </>
  );
}
