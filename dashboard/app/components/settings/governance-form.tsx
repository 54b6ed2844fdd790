import { Form, useNavigation } from "@remix-run/react";
import { useEffect, useMemo, useRef, useState } from "react";
import type { GovernanceConfig } from "../../../../shared/governance/config";
import { CsrfInput } from "../csrf-input";
import type { ActionResult } from "../problem-notice";
import { fieldMessage } from "./field-message";
import { CONFIG_KEYS, type ConfigKey, GROUPS } from "./governance-fields";
import { GovernanceRow } from "./governance-row";
import { type ConfigValues, parseField, validateConfig } from "./governance-validate";

type Draft = Record<ConfigKey, string | boolean>;

function draftOf(config: GovernanceConfig): Draft {
  const out = {} as Draft;
  for (const key of CONFIG_KEYS) {
    const v = config[key];
    out[key] = typeof v === "boolean" ? v : String(v);
  }
  return out;
}

function GroupTable({
  title,
  children,
  editable,
}: {
  title: string;
  children: React.ReactNode;
  editable: boolean;
}) {
  return (
    <section className="card" aria-label={title}>
      <h3>{title}</h3>
      <div className="table-wrap">
        <table className="cfg-table">
          <caption className="sr-only">{title} parameters</caption>
          <colgroup>
            <col className="col-name" />
            <col className="col-value" />
            <col className="col-default" />
            <col className="col-bounds" />
            {editable && <col className="col-reset" />}
          </colgroup>
          <thead>
            <tr>
              <th scope="col">Parameter</th>
              <th scope="col">Value</th>
              <th scope="col">Default</th>
              <th scope="col">Bounds</th>
              {editable && (
                <th scope="col">
                  <span className="sr-only">Reset</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>{children}</tbody>
        </table>
      </div>
    </section>
  );
}

/** Every parameter, read-only. */
export function GovernanceView({ config }: { config: GovernanceConfig }) {
  return (
    <div className="stack" data-testid="governance-config">
      {GROUPS.map((g) => (
        <GroupTable key={g.title} title={g.title} editable={false}>
          {g.fields.map((f) => (
            <GovernanceRow key={f} field={f} current={config[f]} />
          ))}
        </GroupTable>
      ))}
    </div>
  );
}

/**
 * Every parameter as an input, checked as it is typed; saving sends only the fields changed
 * against the values this form was loaded with, so it never reverts someone else's edit.
 */
export function GovernanceForm({
  config,
  result,
}: {
  config: GovernanceConfig;
  result: ActionResult | undefined;
}) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(config));
  const busy = useNavigation().state === "submitting";
  // A newer config (saved here, or changed elsewhere) replaces the fields not being edited.
  const base = useRef(config);
  useEffect(() => {
    const old = base.current;
    if (old === config) return;
    base.current = config;
    setDraft((d) => {
      const next = { ...d };
      const fresh = draftOf(config);
      for (const key of CONFIG_KEYS) if (parseField(key, d[key]) === old[key]) next[key] = fresh[key];
      return next;
    });
  }, [config]);
  const parsed = useMemo(() => {
    const out: ConfigValues = {};
    for (const key of CONFIG_KEYS) out[key] = parseField(key, draft[key]);
    return out;
  }, [draft]);
  const errors = useMemo(() => validateConfig(parsed), [parsed]);
  const changed = CONFIG_KEYS.filter((k) => parsed[k] !== config[k]);
  const invalid = CONFIG_KEYS.filter((k) => errors[k]);

  const onSubmit = (e: React.FormEvent<HTMLFormElement>) => {
    if (invalid.length === 0 && changed.length > 0) return;
    e.preventDefault();
    const first = invalid[0];
    if (first) document.getElementById(`cfg-${first}`)?.focus();
  };

  return (
    <Form
      method="post"
      className="stack"
      noValidate
      onSubmit={onSubmit}
      data-testid="governance-form"
      aria-label="Governance parameters"
    >
      <CsrfInput />
      <input type="hidden" name="seen" value={JSON.stringify(config)} />
      {GROUPS.map((g) => (
        <GroupTable key={g.title} title={g.title} editable>
          {g.fields.map((f) => (
            <GovernanceRow
              key={f}
              field={f}
              current={config[f]}
              draft={draft[f]}
              changed={changed.includes(f)}
              error={errors[f] ?? fieldMessage(result, f)}
              onChange={(v) => setDraft((d) => ({ ...d, [f]: v }))}
            />
          ))}
        </GroupTable>
      ))}
      <div className="cfg-actions card row">
        <button type="submit" className="primary" disabled={busy || changed.length === 0}>
          {busy
            ? "Saving…"
            : changed.length > 0
              ? `Save ${changed.length} change${changed.length === 1 ? "" : "s"}`
              : "Save changes"}
        </button>
        <button type="button" disabled={changed.length === 0} onClick={() => setDraft(draftOf(config))}>
          Discard changes
        </button>
        <span className="muted" aria-live="polite">
          {invalid.length > 0
            ? `${invalid.length} field${invalid.length === 1 ? "" : "s"} to fix: ${invalid.join(", ")}`
            : changed.length > 0
              ? `Changed: ${changed.join(", ")}`
              : "No unsaved changes"}
        </span>
      </div>
    </Form>
  );
}
