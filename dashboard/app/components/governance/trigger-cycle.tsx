import { Form, useNavigation } from "@remix-run/react";
import { CsrfInput } from "../csrf-input";

/** Runs a tick now and closes the open cycle if it has results (operators and up). */
export function TriggerCycle() {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "trigger";
  return (
    <Form method="post">
      <CsrfInput />
      <input type="hidden" name="intent" value="trigger" />
      <button type="submit" className="primary" disabled={busy}>
        {busy ? "Running…" : "Run a cycle now"}
      </button>
    </Form>
  );
}
