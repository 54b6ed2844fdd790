import { useState } from "react";

/** A value to paste elsewhere (a redirect URI), with a copy button. */
export function CopyText({ value, label, testId }: { value: string; label: string; testId?: string }) {
  const [state, setState] = useState("");
  return (
    <span className="row">
      <code className="mono" data-testid={testId}>
        {value}
      </code>
      <button
        type="button"
        onClick={() =>
          navigator.clipboard.writeText(value).then(
            () => setState("Copied."),
            () => setState("Copy failed."),
          )
        }
      >
        Copy {label}
      </button>
      <span role="status" className="muted">
        {state}
      </span>
    </span>
  );
}
