import { clock, pct, trust } from "../../lib/format";
import { TimeChart } from "../time-chart";
import type { Kpis } from "./derive-kpis";

function Kpi({ id, label, children }: { id: string; label: string; children: React.ReactNode }) {
  return (
    <section className="card kpi" data-testid={id} aria-labelledby={`${id}-label`}>
      <h2 id={`${id}-label`} className="label">
        {label}
      </h2>
      {children}
    </section>
  );
}

function Delta({ value }: { value: number | null }) {
  if (value === null) return <span className="muted">no cycle in the last 24 h to compare with</span>;
  const flat = Math.abs(value) < 0.0005;
  const tone = flat ? "muted" : value > 0 ? "trust-good" : "trust-bad";
  const arrow = flat ? "■" : value > 0 ? "▲" : "▼";
  return (
    <span className={tone}>
      <span aria-hidden="true">{arrow}</span> {value > 0 ? "+" : ""}
      {value.toFixed(3)} <span className="muted">since the first cycle of the last 24 h</span>
    </span>
  );
}

/** The four headline numbers, each a labelled region the browser tests find by test id. */
export function KpiCards({ k }: { k: Kpis }) {
  return (
    <div className="grid kpis">
      <Kpi id="kpi-active-agents" label="Active agents">
        <p className="value">
          {k.active} <span className="of">of {k.total}</span>
        </p>
        <p className="sub muted">active or on probation</p>
      </Kpi>
      <Kpi id="kpi-success-rate" label="Success rate (24 h)">
        <p className="value">{pct(k.successRate)}</p>
        <p className="sub muted">
          {k.attempts} result{k.attempts === 1 ? "" : "s"}
        </p>
        {k.sparkline.length > 1 && (
          <TimeChart
            title="Success rate per quarter hour, last 24 hours"
            series={[{ label: "Success rate", points: k.sparkline }]}
            height={40}
            yRange={[0, 1]}
            sparkline
          />
        )}
      </Kpi>
      <Kpi id="kpi-mean-trust" label="Mean trust">
        <p className="value">{trust(k.meanTrust)}</p>
        <p className="sub">
          <Delta value={k.trustDelta} />
        </p>
      </Kpi>
      <Kpi id="kpi-cycles-today" label="Cycles today (UTC)">
        <p className="value">{k.cyclesToday}</p>
        <p className="sub muted">
          now in cycle {k.currentCycle}
          {k.lastCycleAt !== null && (
            <>
              {" · last closed "}
              <time dateTime={new Date(k.lastCycleAt).toISOString()}>{clock(k.lastCycleAt)} UTC</time>
            </>
          )}
        </p>
      </Kpi>
    </div>
  );
}
