import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Link, useLoaderData } from "@remix-run/react";
import { CycleMutation } from "../components/governance/cycle-mutation";
import { CyclePipeline } from "../components/governance/cycle-pipeline";
import { CycleReflection } from "../components/governance/cycle-reflection";
import { CycleSummaryFacts } from "../components/governance/cycle-summary";
import { CycleTrust } from "../components/governance/cycle-trust";
import css from "../components/governance/governance.css?url";
import { readRecord } from "../components/governance/record";
import type { CycleDetail, GovState } from "../components/governance/types";
import { RouteError } from "../components/route-error";
import { loadOr } from "../lib/actions.server";
import { ApiError } from "../lib/api.server";
import { requireUser } from "../lib/auth.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Cycle ${data.cycle.number} · Governance · Warden` : "Cycle · Warden" },
];
export const links = () => [{ rel: "stylesheet", href: css }];

export async function loader(args: LoaderFunctionArgs) {
  const signed = await requireUser(args);
  const id = args.params.id ?? "";
  const [cycle, names] = await Promise.all([
    loadOr(() => signed.api.get<CycleDetail>(`/governance/cycles/${encodeURIComponent(id)}`)),
    // Names only make the page friendlier: without them it shows agent ids.
    signed.api
      .get<GovState>("/governance/state")
      .then((s) => Object.fromEntries(s.agents.map((a) => [a.id, a.name])))
      .catch((err: unknown) => {
        if (err instanceof ApiError) return {} as Record<string, string>;
        throw err;
      }),
  ]);
  return json({ cycle, names }, { headers: signed.headers });
}

export default function CyclePage() {
  const { cycle, names } = useLoaderData<typeof loader>();
  const record = readRecord(cycle);
  const nameOf = (id: string): string | null => names[id] ?? null;
  return (
    <>
      <p>
        <Link to="/governance">← Governance</Link>
      </p>
      <h1>
        Cycle {cycle.number} <span className="muted mono">{cycle.id}</span>
      </h1>
      <div className="stack">
        <section className="card" aria-labelledby="summary-title">
          <h2 id="summary-title">Summary</h2>
          <CycleSummaryFacts cycle={cycle} record={record} />
          <CyclePipeline cycle={cycle} record={record} />
        </section>
        <section className="card" aria-labelledby="reflection-title">
          <h2 id="reflection-title">Reflection</h2>
          <CycleReflection cycle={cycle} record={record} nameOf={nameOf} />
        </section>
        <div className="grid halves">
          <section className="card" aria-labelledby="trust-title">
            <h2 id="trust-title">Trust before and after</h2>
            <CycleTrust before={cycle.trustBefore} after={cycle.trustAfter} nameOf={nameOf} />
          </section>
          <section className="card" aria-labelledby="mutation-title">
            <h2 id="mutation-title">Mutation</h2>
            <CycleMutation cycle={cycle} record={record} />
          </section>
        </div>
      </div>
    </>
  );
}

export const ErrorBoundary = RouteError;
