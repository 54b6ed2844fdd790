import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Link, useLoaderData } from "@remix-run/react";
import { EmptyState } from "../components/empty-state";
import { AgentHealth } from "../components/overview/agent-health";
import { AlertBanner } from "../components/overview/alert-banner";
import { ExecutionFeed } from "../components/overview/execution-feed";
import { KpiCards } from "../components/overview/kpi-cards";
import css from "../components/overview/overview.css?url";
import { loadOverview } from "../components/overview/overview.server";
import { TrustChart } from "../components/overview/trust-chart";
import { useOverviewLive } from "../components/overview/use-overview-live";
import { RouteError } from "../components/route-error";
import { loadOr } from "../lib/actions.server";
import { requireUser } from "../lib/auth.server";

export const meta: MetaFunction = () => [{ title: "Overview · Warden" }];
export const links = () => [{ rel: "stylesheet", href: css }];

export async function loader(args: LoaderFunctionArgs) {
  const signed = await requireUser(args);
  const data = await loadOr(() => loadOverview(signed.api));
  return json({ ...data, now: Date.now() }, { headers: signed.headers });
}

export default function Overview() {
  const data = useLoaderData<typeof loader>();
  const view = useOverviewLive(data);
  const names = new Map(view.agents.map((a) => [a.id, a.name]));
  const nameOf = (id: string) => names.get(id) ?? id;

  return (
    <>
      <h1>Overview</h1>
      <AlertBanner alerts={view.alerts} onDismiss={view.dismiss} />
      <div className="stack">
        <KpiCards k={view.kpis} />
        {view.agents.length === 0 ? (
          <div className="card">
            <EmptyState title="No agents yet">
              <p>
                Register an agent to start receiving tasks: <Link to="/agents">go to Agents</Link>.
              </p>
            </EmptyState>
          </div>
        ) : (
          <div className="grid two">
            <TrustChart series={view.trust} />
            <ExecutionFeed items={view.feed} nameOf={nameOf} />
          </div>
        )}
        {view.agents.length === 0 ? (
          <ExecutionFeed items={view.feed} nameOf={nameOf} />
        ) : (
          <AgentHealth agents={view.agents} />
        )}
      </div>
    </>
  );
}

export const ErrorBoundary = RouteError;
