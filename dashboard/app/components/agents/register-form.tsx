import { Form, useNavigation } from "@remix-run/react";
import { useId, useState } from "react";
import { CsrfInput } from "../csrf-input";
import { Field } from "../field";
import { type ActionResult, ProblemNotice } from "../problem-notice";
import { errorFor } from "./field-errors";
import { LlmFields } from "./llm-fields";

/** The kinds `POST /agents` accepts (AgentKind in the API's schema). */
export const AGENT_KINDS = [
  { value: "simulated", label: "simulated (built-in test agent)" },
  { value: "http", label: "http (calls your endpoint)" },
  { value: "llm", label: "llm (calls a chat-completions model)" },
] as const;

interface Props {
  result: ActionResult | undefined;
}

/**
 * Registers an agent. Simulated agents take a success rate and latency, and may degrade after
 * some tasks — the way to rehearse suppression before a real agent misbehaves. An http agent's
 * signing secret comes back once, above the form; an llm agent's API key never comes back.
 */
export function RegisterAgentForm({ result }: Props) {
  const [kind, setKind] = useState<string>("simulated");
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "register";
  const kindId = useId();
  const err = (field: string) => errorFor(result, field);
  // A fresh form after each success; kept as typed after an error so it can be corrected.
  const formKey = result?.ok ? result.message : "form";

  return (
    <section className="card stack register-card" aria-labelledby="register-heading">
      <h2 id="register-heading">Register an agent</h2>
      <p className="muted small">
        Capabilities are comma-separated (lowercase letters, digits and . _ : -). A simulated agent succeeds
        with the given chance (0 to 1); give it a low one, or make it degrade, to rehearse suppression. An
        http agent gets a signing secret, shown once; an llm agent calls any OpenAI-compatible API.
      </p>
      <ProblemNotice result={result} />
      <Form method="post" className="form register-grid" key={formKey}>
        <CsrfInput />
        <input type="hidden" name="intent" value="register" />
        <Field label="Name" name="name" required maxLength={100} autoComplete="off" error={err("name")} />
        <label htmlFor={kindId}>
          Kind
          <select
            id={kindId}
            name="kind"
            value={kind}
            onChange={(e) => setKind(e.target.value)}
            aria-invalid={err("kind") ? true : undefined}
          >
            {AGENT_KINDS.map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </select>
          {err("kind") && <span className="field-error">{err("kind")}</span>}
        </label>
        <Field
          label="Capabilities"
          name="capabilities"
          placeholder="general, summarize"
          error={err("capabilities")}
        />
        <Field
          label="Max concurrency"
          name="maxConcurrency"
          type="number"
          min={1}
          max={1000}
          step={1}
          defaultValue={4}
          error={err("maxConcurrency")}
        />
        {kind === "llm" && (
          <>
            <LlmFields err={err} />
            <TimeoutField error={err("timeoutMs")} />
          </>
        )}
        {kind === "http" && (
          <>
            <Field
              label="Endpoint URL"
              name="endpoint"
              type="url"
              required
              placeholder="https://agent.example.com/run"
              error={err("endpoint")}
            />
            <TimeoutField error={err("timeoutMs")} />
          </>
        )}
        {kind === "simulated" && (
          <>
            <Field
              label="Success rate"
              name="successRate"
              type="number"
              min={0}
              max={1}
              step={0.01}
              defaultValue={0.9}
              required
              error={err("simulation.successRate") ?? err("simulation")}
            />
            <Field
              label="Latency (ms)"
              name="latencyMs"
              type="number"
              min={0}
              max={60000}
              step={1}
              defaultValue={200}
              required
              error={err("simulation.latencyMs")}
            />
            <Field
              label="Degrade after (tasks)"
              name="degradeAfter"
              type="number"
              min={0}
              step={1}
              hint="Optional"
              error={err("simulation.degradeAfter")}
            />
            <Field
              label="Degraded: chance of success"
              name="degradedSuccessRate"
              type="number"
              min={0}
              max={1}
              step={0.01}
              hint="Optional, once degraded"
              error={err("simulation.degradedSuccessRate")}
            />
          </>
        )}
        <div className="row register-submit">
          <button type="submit" className="primary" disabled={busy}>
            Register agent
          </button>
          {busy && <span className="muted">Registering…</span>}
        </div>
      </Form>
    </section>
  );
}

function TimeoutField({ error }: { error: string | undefined }) {
  return (
    <Field
      label="Timeout (ms)"
      name="timeoutMs"
      type="number"
      min={100}
      max={300000}
      step={1}
      hint="Optional"
      error={error}
    />
  );
}
