import type { Agent, AgentStatus } from "./types";
import { AGENT_STATUSES } from "./types";

export interface AgentFilter {
  status: AgentStatus | "drifting" | "";
  trustMin: string;
  trustMax: string;
  capability: string;
}

export const NO_FILTER: AgentFilter = { status: "", trustMin: "", trustMax: "", capability: "" };

function bound(text: string): number | null {
  if (text.trim() === "") return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

export function filterAgents(agents: Agent[], f: AgentFilter): Agent[] {
  const min = bound(f.trustMin);
  const max = bound(f.trustMax);
  const cap = f.capability.trim().toLowerCase();
  return agents.filter(
    (a) =>
      (f.status === "" || (f.status === "drifting" ? a.drifting : a.status === f.status)) &&
      (min === null || a.trust >= min) &&
      (max === null || a.trust <= max) &&
      (cap === "" || a.capabilities.some((c) => c.toLowerCase().includes(cap))),
  );
}

interface Props {
  value: AgentFilter;
  onChange: (next: AgentFilter) => void;
}

/** Narrows the table in the browser; the table's own text filter searches what is left. */
export function AgentFilters({ value, onChange }: Props) {
  const set = (patch: Partial<AgentFilter>) => onChange({ ...value, ...patch });
  const active =
    value.status !== "" || value.trustMin !== "" || value.trustMax !== "" || value.capability !== "";
  return (
    <fieldset className="agent-filters" aria-label="Filter agents">
      <legend className="sr-only">Filter agents</legend>
      <label>
        Status
        <select
          value={value.status}
          onChange={(e) => set({ status: e.target.value as AgentFilter["status"] })}
        >
          <option value="">Any status</option>
          {AGENT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
          <option value="drifting">drifting</option>
        </select>
      </label>
      <label>
        Trust from
        <input
          type="number"
          min={0}
          max={1}
          step={0.05}
          inputMode="decimal"
          placeholder="0"
          value={value.trustMin}
          onChange={(e) => set({ trustMin: e.target.value })}
        />
      </label>
      <label>
        Trust to
        <input
          type="number"
          min={0}
          max={1}
          step={0.05}
          inputMode="decimal"
          placeholder="1"
          value={value.trustMax}
          onChange={(e) => set({ trustMax: e.target.value })}
        />
      </label>
      <label>
        Capability
        <input
          type="search"
          placeholder="e.g. general"
          value={value.capability}
          onChange={(e) => set({ capability: e.target.value })}
        />
      </label>
      {active && (
        <button type="button" onClick={() => onChange(NO_FILTER)}>
          Clear filters
        </button>
      )}
    </fieldset>
  );
}
