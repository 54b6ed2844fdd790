import { Form, Link } from "@remix-run/react";
import type { ActionResult } from "../problem-notice";
import { fieldMessage } from "../settings/field-message";
import { type AuditFilters, KNOWN_ACTIONS } from "./types";

interface Props {
  filters: AuditFilters;
  actors: { id: string; label: string }[];
  problem: ActionResult | undefined;
}

function Input({
  name,
  label,
  hint,
  ...rest
}: { name: keyof AuditFilters; label: string; hint?: string } & React.InputHTMLAttributes<HTMLInputElement>) {
  return (
    <label>
      {label}
      <input name={name} {...rest} />
      {hint && <span className="hint">{hint}</span>}
    </label>
  );
}

/** A GET form: the filters live in the URL, so a filtered view can be bookmarked and shared. */
export function AuditFilterForm({ filters, actors, problem }: Props) {
  const err = (f: string) => fieldMessage(problem, f);
  return (
    <Form method="get" className="stack" aria-label="Filter the audit log">
      <div className="audit-filters">
        <Input
          name="action"
          label="Action"
          list="audit-actions"
          defaultValue={filters.action}
          placeholder="agent.* or config.change"
        />
        <Input
          name="actor"
          label="Actor id"
          list="audit-actors"
          defaultValue={filters.actor}
          placeholder="usr_… or key_…"
        />
        <Input name="target" label="Target id" defaultValue={filters.target} placeholder="agt_…" />
        <Input name="from" label="From (UTC)" type="datetime-local" defaultValue={filters.from} />
        <Input name="to" label="To (UTC, exclusive)" type="datetime-local" defaultValue={filters.to} />
      </div>
      {["action", "actor", "target", "from", "to"].map((f) =>
        err(f) ? (
          <p key={f} className="field-error">
            <span className="mono">{f}</span>: {err(f)}
          </p>
        ) : null,
      )}
      <datalist id="audit-actions">
        {KNOWN_ACTIONS.map((a) => (
          <option key={a} value={a} />
        ))}
      </datalist>
      <datalist id="audit-actors">
        {actors.map((a) => (
          <option key={a.id} value={a.id}>
            {a.label}
          </option>
        ))}
      </datalist>
      <div className="row">
        <button type="submit" className="primary">
          Apply filters
        </button>
        <Link to="/audit">Clear</Link>
      </div>
    </Form>
  );
}
