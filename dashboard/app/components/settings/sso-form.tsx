import { Form, useNavigation } from "@remix-run/react";
import type { SsoConnectionView } from "../../../../shared/schemas/sso";
import { CsrfInput } from "../csrf-input";
import { Field } from "../field";
import type { ActionResult } from "../problem-notice";
import { fieldMessage } from "./field-message";
import { SelectField } from "./select-field";

/** SSO never provisions owners (shared/schemas/sso.ts SSO_ROLES). */
const SSO_ROLES = ["viewer", "operator", "admin"] as const;

/**
 * Create or replace the OIDC connection. The client secret is write-only: the field is always
 * empty, and leaving it empty on an existing connection keeps the stored one.
 */
export function SsoForm({
  connection,
  result,
}: {
  connection: SsoConnectionView | null;
  result: ActionResult | undefined;
}) {
  const nav = useNavigation();
  const busy = nav.state === "submitting" && nav.formData?.get("intent") === "save";
  const secretHint = connection
    ? `Leave empty to keep the stored secret${connection.clientSecretLast4 ? ` (ending in ${connection.clientSecretLast4})` : ""}.`
    : "Required. Stored encrypted; never shown again.";
  return (
    <Form method="post" className="form" aria-labelledby="sso-form-heading">
      <h3 id="sso-form-heading">{connection ? "Update the connection" : "Connect an identity provider"}</h3>
      <CsrfInput />
      <input type="hidden" name="intent" value="save" />
      <Field
        label="Issuer URL"
        name="issuer"
        type="url"
        required
        placeholder="https://login.example.com"
        defaultValue={connection?.issuer}
        error={fieldMessage(result, "issuer")}
        hint="The OIDC issuer: its /.well-known/openid-configuration must be reachable."
      />
      <div className="form-grid">
        <Field
          label="Client ID"
          name="clientId"
          required
          maxLength={255}
          autoComplete="off"
          defaultValue={connection?.clientId}
          error={fieldMessage(result, "clientId")}
        />
        <Field
          label="Client secret"
          name="clientSecret"
          type="password"
          autoComplete="new-password"
          maxLength={1024}
          required={!connection}
          error={fieldMessage(result, "clientSecret")}
          hint={secretHint}
        />
      </div>
      <div className="form-grid">
        <Field
          label="Allowed email domains"
          name="allowedDomains"
          required
          placeholder="example.com, example.org"
          defaultValue={connection?.allowedDomains.join(", ")}
          error={fieldMessage(result, "allowedDomains")}
          hint="Comma-separated. Only users with an email at one of these may sign in."
        />
        <SelectField
          label="Default role"
          name="defaultRole"
          defaultValue={connection?.defaultRole ?? "viewer"}
          hint="Given to users created at their first SSO sign-in."
          error={fieldMessage(result, "defaultRole")}
          options={SSO_ROLES.map((r) => ({ value: r, label: r }))}
        />
      </div>
      <div>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Saving…" : connection ? "Save connection" : "Create connection"}
        </button>
      </div>
    </Form>
  );
}
