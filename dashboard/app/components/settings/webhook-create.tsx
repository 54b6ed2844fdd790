import { Form, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { CsrfInput } from "../csrf-input";
import { Field } from "../field";
import type { ActionResult } from "../problem-notice";
import { EventPicker } from "./event-picker";
import { fieldMessage } from "./field-message";

/** Register an endpoint; its signing secret comes back once, above the list. */
export function WebhookCreate({ result }: { result: ActionResult | undefined }) {
  const nav = useNavigation();
  const busy = nav.state === "submitting" && nav.formData?.get("intent") === "create";
  const form = useRef<HTMLFormElement>(null);
  // Remounting the picker clears its checkboxes after a successful create.
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (result?.ok && result.once?.secret && result.once.created) {
      form.current?.reset();
      setRound((r) => r + 1);
    }
  }, [result]);
  return (
    <section className="card" aria-labelledby="create-webhook-heading">
      <h3 id="create-webhook-heading">Add an endpoint</h3>
      <Form method="post" className="form" ref={form}>
        <CsrfInput />
        <input type="hidden" name="intent" value="create" />
        <div className="form-grid">
          <Field
            label="Endpoint URL"
            name="url"
            type="url"
            required
            maxLength={2048}
            placeholder="https://hooks.example.com/warden"
            error={fieldMessage(result, "url")}
            hint="https, on a public host."
          />
          <Field
            label="Description (optional)"
            name="description"
            maxLength={500}
            error={fieldMessage(result, "description")}
          />
        </div>
        <EventPicker key={round} name="events" initial={["task.*"]} error={fieldMessage(result, "events")} />
        <label className="cfg-check">
          <input type="checkbox" name="enabled" defaultChecked /> Enabled (start delivering at once)
        </label>
        <div>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? "Adding…" : "Add endpoint"}
          </button>
        </div>
      </Form>
    </section>
  );
}
