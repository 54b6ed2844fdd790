import { Form, Link, useNavigation } from "@remix-run/react";
import { useId } from "react";
import { Field } from "../field";
import { type ActionResult, fieldError } from "../problem-notice";
import { type AnalyticsWindow, PRESETS, presetHref, toInput } from "./window";

interface Props {
  window: AnalyticsWindow;
  agents: { id: string; name: string }[];
  problem: ActionResult | undefined;
}

/** A GET form: the URL holds the whole view, so it can be bookmarked and shared. */
export function AnalyticsFilters({ window: w, agents, problem }: Props) {
  const navigation = useNavigation();
  const busy = navigation.state === "loading" && navigation.location?.pathname === "/analytics";
  const agentSelect = useId();
  const agentError = fieldError(problem, "agentId");
  return (
    <section className="card stack" aria-label="Analytics filters">
      <nav aria-label="Time range presets" className="row preset-nav">
        <span className="muted small">Quick ranges:</span>
        {PRESETS.map((p) => (
          <Link
            key={p.id}
            to={presetHref(p.id, w.agentId)}
            className="button"
            aria-current={w.preset === p.id ? "page" : undefined}
          >
            {p.label}
          </Link>
        ))}
      </nav>
      <Form method="get" className="analytics-filters" key={`${w.from}|${w.to}|${w.agentId}`}>
        <Field
          label="From (UTC)"
          name="from"
          type="datetime-local"
          defaultValue={toInput(w.from)}
          error={fieldError(problem, "from")}
        />
        <Field
          label="To (UTC)"
          name="to"
          type="datetime-local"
          defaultValue={toInput(w.to)}
          error={fieldError(problem, "to")}
        />
        <label htmlFor={agentSelect}>
          Agent
          <select
            id={agentSelect}
            name="agentId"
            defaultValue={w.agentId}
            aria-invalid={agentError ? true : undefined}
          >
            <option value="">All agents</option>
            {agents.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
          {agentError && <span className="field-error">{agentError}</span>}
        </label>
        <Field
          label="Buckets"
          name="buckets"
          type="number"
          min={1}
          max={200}
          step={1}
          defaultValue={w.buckets}
          error={fieldError(problem, "buckets")}
        />
        <div className="row">
          <button type="submit" className="primary">
            Apply
          </button>
          {busy && <span className="muted small">Loading…</span>}
        </div>
      </Form>
    </section>
  );
}
