import { useState } from "react";

interface SecretOnceProps {
  title: string;
  value: string;
  testId: string;
  /** Why it will not be shown again, what to do with it. */
  note?: string;
}

/**
 * A secret the API returns only once (a new key, a signing secret, an invitation link): shown
 * here with a copy button, and gone on the next page load because it lives only in action data.
 */
export function SecretOnce({ title, value, testId, note }: SecretOnceProps) {
  const [copied, setCopied] = useState<"idle" | "done" | "failed">("idle");
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied("done");
    } catch {
      setCopied("failed");
    }
  };
  return (
    <section className="secret-once" aria-label={title}>
      <strong>{title}</strong>
      <code data-testid={testId}>{value}</code>
      <div className="row">
        <button type="button" onClick={copy}>
          Copy to clipboard
        </button>
        <span role="status" className="muted">
          {copied === "done"
            ? "Copied."
            : copied === "failed"
              ? "Copy failed: select the text and copy it."
              : ""}
        </span>
      </div>
      <span className="hint">{note ?? "It will not be shown again: store it somewhere safe now."}</span>
    </section>
  );
}
