import { useState } from "react";
import { EVENT_FAMILIES } from "./event-types";

/**
 * Subscriptions as checkboxes: everything (`*`), a whole family (`task.*`), or single types. A
 * wider choice covers the narrower ones, so those are disabled rather than sent twice.
 */
export function EventPicker({
  name,
  initial,
  error,
}: {
  name: string;
  initial: string[];
  error?: string | undefined;
}) {
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(initial));
  const toggle = (pattern: string, on: boolean) =>
    setChosen((prev) => {
      const next = new Set(prev);
      if (on) next.add(pattern);
      else next.delete(pattern);
      return next;
    });
  const all = chosen.has("*");
  return (
    <fieldset className="scope-list" aria-describedby={error ? `${name}-error` : undefined}>
      <legend>Events</legend>
      <label style={{ flexBasis: "100%" }}>
        <input
          type="checkbox"
          name={name}
          value="*"
          checked={all}
          onChange={(e) => toggle("*", e.target.checked)}
        />
        <span>Every event</span> <span className="mono hint">*</span>
      </label>
      {EVENT_FAMILIES.map(({ family, types }) => {
        const whole = chosen.has(`${family}.*`);
        return (
          <div key={family} style={{ flexBasis: "100%" }} className="row">
            <label>
              <input
                type="checkbox"
                name={name}
                value={`${family}.*`}
                checked={whole}
                disabled={all}
                onChange={(e) => toggle(`${family}.*`, e.target.checked)}
              />
              <span className="mono">{family}.*</span>
            </label>
            {types.length > 1 &&
              types.map((t) => (
                <label key={t}>
                  <input
                    type="checkbox"
                    name={name}
                    value={t}
                    aria-label={t}
                    checked={chosen.has(t)}
                    disabled={all || whole}
                    onChange={(e) => toggle(t, e.target.checked)}
                  />
                  <span className="mono">{t.slice(family.length + 1)}</span>
                </label>
              ))}
          </div>
        );
      })}
      {error && (
        <span id={`${name}-error`} className="field-error" style={{ flexBasis: "100%" }}>
          {error}
        </span>
      )}
    </fieldset>
  );
}
