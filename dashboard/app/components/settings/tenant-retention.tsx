import { Form, useNavigation } from "@remix-run/react";
import type { Retention } from "../../../../shared/schemas/tenant";
import { CsrfInput } from "../csrf-input";
import { Field } from "../field";
import type { ActionResult } from "../problem-notice";
import { fieldMessage } from "./field-message";

const INTRO =
  "Task, trust, agent-status, cycle and webhook-delivery history older than this is deleted every hour. " +
  "The audit log is kept forever unless an owner sets a number of days.";

const auditText = (days: number | null) => (days === null ? "kept forever" : `${days} days`);

/**
 * The fields of the retention form that changed, as the API's `settings.retention` patch. The
 * audit field is absent (disabled) for anyone but an owner; empty means keep forever.
 */
export function retentionPatch(form: FormData): Partial<Retention> {
  const patch: Partial<Retention> = {};
  const history = String(form.get("historyDays") ?? "").trim();
  if (history !== "" && history !== String(form.get("seenHistoryDays") ?? ""))
    patch.historyDays = Number(history);
  const audit = form.get("auditDays");
  if (typeof audit === "string" && audit.trim() !== String(form.get("seenAuditDays") ?? ""))
    patch.auditDays = audit.trim() === "" ? null : Number(audit.trim());
  return patch;
}

/** How long history and the audit log are kept: admins edit history, only an owner the audit log. */
export function TenantRetention({
  retention,
  editable,
  owner,
  result,
}: {
  retention: Retention;
  editable: boolean;
  owner: boolean;
  result: ActionResult | undefined;
}) {
  const busy = useNavigation().formData?.get("intent") === "retention";
  if (!editable)
    return (
      <section aria-labelledby="retention-heading">
        <h3 id="retention-heading">Retention</h3>
        <p className="muted">{INTRO}</p>
        <dl className="kv">
          <dt>History</dt>
          <dd className="mono">{retention.historyDays} days</dd>
          <dt>Audit log</dt>
          <dd className="mono">{auditText(retention.auditDays)}</dd>
        </dl>
      </section>
    );
  return (
    <Form method="post" className="form" aria-labelledby="retention-heading">
      <h3 id="retention-heading">Retention</h3>
      <p className="muted">{INTRO}</p>
      <CsrfInput />
      <input type="hidden" name="intent" value="retention" />
      <input type="hidden" name="seenHistoryDays" value={String(retention.historyDays)} />
      <input
        type="hidden"
        name="seenAuditDays"
        value={retention.auditDays === null ? "" : String(retention.auditDays)}
      />
      <div className="form-grid">
        <Field
          label="History: days kept"
          name="historyDays"
          type="number"
          min={1}
          max={3650}
          step={1}
          required
          defaultValue={retention.historyDays}
          hint="1 ≤ x ≤ 3,650"
          error={fieldMessage(result, "settings.retention.historyDays")}
        />
        <Field
          label="Audit log: days kept"
          name="auditDays"
          type="number"
          min={30}
          max={3650}
          step={1}
          disabled={!owner}
          placeholder="kept forever"
          defaultValue={retention.auditDays ?? ""}
          hint={owner ? "empty keeps it forever; 30 ≤ x ≤ 3,650" : "only an owner can change this"}
          error={fieldMessage(result, "settings.retention.auditDays")}
        />
      </div>
      <div>
        <button type="submit" disabled={busy}>
          {busy ? "Saving…" : "Save retention"}
        </button>
      </div>
    </Form>
  );
}
