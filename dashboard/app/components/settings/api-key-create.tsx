import { Form, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { CsrfInput } from "../csrf-input";
import { Field } from "../field";
import type { ActionResult } from "../problem-notice";
import { fieldMessage } from "./field-message";
import { SCOPES } from "./scopes";

/** Name, scopes and an optional expiry; the key itself comes back once, above the list. */
export function ApiKeyCreate({ result }: { result: ActionResult | undefined }) {
  const nav = useNavigation();
  const busy = nav.state === "submitting" && nav.formData?.get("intent") === "create";
  const scopeError = fieldMessage(result, "scopes");
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (result?.ok) form.current?.reset();
  }, [result]);
  return (
    <section className="card" aria-labelledby="create-key-heading">
      <h3 id="create-key-heading">Create an API key</h3>
      <Form method="post" className="form" ref={form}>
        <CsrfInput />
        <input type="hidden" name="intent" value="create" />
        <div className="form-grid">
          <Field
            label="Name"
            name="name"
            required
            maxLength={100}
            placeholder="CI pipeline"
            error={fieldMessage(result, "name")}
          />
          <Field
            label="Expires at (UTC, optional)"
            name="expiresAt"
            type="datetime-local"
            error={fieldMessage(result, "expiresAt")}
            hint="Leave empty for a key that does not expire."
          />
        </div>
        <fieldset className="scope-list" aria-describedby={scopeError ? "scope-error" : undefined}>
          <legend>Scopes</legend>
          {SCOPES.map((s) => (
            <label key={s.scope}>
              <input
                type="checkbox"
                name="scopes"
                value={s.scope}
                defaultChecked={s.scope === "tasks:write"}
              />
              <span className="mono">{s.scope}</span>
              <span className="hint">{s.label}</span>
            </label>
          ))}
        </fieldset>
        {scopeError && (
          <span id="scope-error" className="field-error">
            {scopeError}
          </span>
        )}
        <div>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? "Creating…" : "Create key"}
          </button>
        </div>
      </Form>
    </section>
  );
}
