import { Link, useFetcher } from "@remix-run/react";
import { useEffect, useId, useRef, useState } from "react";
import { CsrfInput } from "../csrf-input";
import { Field } from "../field";
import { type ActionResult, ProblemNotice } from "../problem-notice";
import { LevelSlider } from "./level-slider";

/** The API names list items `capabilities[0]`: match the field and anything inside it. */
function apiError(result: ActionResult | undefined, field: string): string | undefined {
  return result?.problem?.errors?.find(
    (e) => e.field === field || e.field.startsWith(`${field}.`) || e.field.startsWith(`${field}[`),
  )?.message;
}

function jsonError(text: string): string | undefined {
  if (text.trim() === "") return undefined;
  try {
    JSON.parse(text);
    return undefined;
  } catch (err) {
    return `Not valid JSON: ${(err as Error).message}`;
  }
}

const START = { impact: 0.5, urgency: 0.5, risk: 0.2 };
const AXES = [
  ["impact", "Impact"],
  ["urgency", "Urgency"],
  ["risk", "Risk"],
] as const;

/** One task: three sliders, capabilities, an optional external id and a JSON payload. */
export function SubmitTaskForm() {
  const fetcher = useFetcher<ActionResult>({ key: "submit-task" });
  const form = useRef<HTMLFormElement>(null);
  const payloadId = useId();
  const [levels, setLevels] = useState(START);
  const [payload, setPayload] = useState("");
  const result = fetcher.state === "idle" ? fetcher.data : undefined;
  const localPayloadError = jsonError(payload);
  const payloadError = localPayloadError ?? apiError(result, "payload");
  const taskId = typeof result?.once?.taskId === "string" ? result.once.taskId : null;

  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data?.ok) return;
    form.current?.reset();
    setLevels(START);
    setPayload("");
  }, [fetcher.state, fetcher.data]);

  function formatPayload() {
    if (!localPayloadError && payload.trim()) setPayload(JSON.stringify(JSON.parse(payload), null, 2));
  }

  return (
    <fetcher.Form
      ref={form}
      method="post"
      action="/tasks?index"
      className="form"
      onSubmit={(e) => {
        if (localPayloadError) e.preventDefault();
      }}
    >
      <CsrfInput />
      <input type="hidden" name="intent" value="submit" />
      <div className="grid slider-grid">
        {AXES.map(([name, label]) => (
          <LevelSlider
            key={name}
            name={name}
            label={label}
            value={levels[name]}
            onChange={(v) => setLevels((l) => ({ ...l, [name]: v }))}
            error={apiError(result, name)}
          />
        ))}
      </div>
      <div className="stack tight">
        <Field
          label="Capabilities"
          name="capabilities"
          placeholder="summarize, code.review"
          error={apiError(result, "capabilities")}
        />
        <span className="hint">Comma-separated; empty means any agent may take it.</span>
      </div>
      <div className="grid halves">
        <Field
          label="External id (optional)"
          name="externalId"
          maxLength={200}
          error={apiError(result, "externalId")}
        />
        <Field
          label="Max attempts (optional)"
          name="maxAttempts"
          type="number"
          min={1}
          max={10}
          step={1}
          error={apiError(result, "maxAttempts")}
        />
      </div>
      <div className="stack payload-field">
        <div className="spread">
          <label htmlFor={payloadId}>Payload (JSON, optional)</label>
          <button type="button" onClick={formatPayload} disabled={!!localPayloadError || !payload.trim()}>
            Format
          </button>
        </div>
        <textarea
          id={payloadId}
          name="payload"
          className="mono"
          rows={5}
          spellCheck={false}
          placeholder='{"document": "…"}'
          value={payload}
          onChange={(e) => setPayload(e.target.value)}
          aria-invalid={payloadError ? true : undefined}
          aria-describedby={payloadError ? `${payloadId}-error` : undefined}
        />
        {payloadError && (
          <span id={`${payloadId}-error`} className="field-error">
            {payloadError}
          </span>
        )}
      </div>
      <div className="row">
        <button type="submit" className="primary" disabled={fetcher.state !== "idle" || !!localPayloadError}>
          {fetcher.state !== "idle" ? "Submitting…" : "Submit task"}
        </button>
        {taskId && (
          <Link to={`/tasks/${taskId}`} className="mono">
            View {taskId}
          </Link>
        )}
      </div>
      <ProblemNotice result={result} />
    </fetcher.Form>
  );
}
