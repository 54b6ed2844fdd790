import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Link, useLoaderData } from "@remix-run/react";
import { useCallback, useMemo } from "react";
import type { Analytics } from "../../../shared/schemas/analytics";
import css from "../components/analytics/analytics.css?url";
import { MutationHistory, SuccessOverTime, TrustTrends } from "../components/analytics/analytics-charts";
import { AnalyticsFilters } from "../components/analytics/analytics-filters";
import { AnalyticsTotals } from "../components/analytics/analytics-totals";
import { LatencyHistogram } from "../components/analytics/latency-histogram";
import { SuccessHeatmap } from "../components/analytics/success-heatmap";
import { presetHref, resolveWindow } from "../components/analytics/window";
import { EmptyState } from "../components/empty-state";
import { type ActionResult, ProblemNotice } from "../components/problem-notice";
import { RouteError } from "../components/route-error";
import { loadOr } from "../lib/actions.server";
import { ApiError } from "../lib/api.server";
import { requireUser } from "../lib/auth.server";
import { dateTime } from "../lib/format";

export const meta: MetaFunction = () => [{ title: "Analytics · Warden" }];
export const links = () => [{ rel: "stylesheet", href: css }];

export async function loader(args: LoaderFunctionArgs) {
  const signed = await requireUser(args);
  const window = resolveWindow(new URL(args.request.url).searchParams, Date.now());
  const query = {
    from: window.from,
    to: window.to,
    agentId: window.agentId || undefined,
    buckets: window.buckets,
  };
  const [agents, analytics] = await Promise.all([
    loadOr(() => signed.api.get<{ agents: { id: string; name: string }[] }>("/agents")),
    // A filter the API refuses (to before from, a span over 90 days) is shown beside the form.
    signed.api.get<Analytics>("/analytics", query).then(
      (data) => ({ data, problem: null }),
      (err: unknown) => {
        if (err instanceof ApiError && err.status === 400) return { data: null, problem: err.problem };
        return loadOr(() => Promise.reject(err));
      },
    ),
  ]);
  return json(
    {
      window,
      agents: agents.agents.map((a) => ({ id: a.id, name: a.name })),
      analytics: analytics.data,
      problem: analytics.problem,
    },
    { headers: signed.headers },
  );
}

function hasData(a: Analytics): boolean {
  return a.totals.attempts > 0 || a.cycles.length > 0 || a.trust.some((t) => t.points.length > 0);
}

export default function AnalyticsPage() {
  const { window, agents, analytics, problem } = useLoaderData<typeof loader>();
  const data = analytics as Analytics | null;
  const names = useMemo(() => new Map(agents.map((a) => [a.id, a.name])), [agents]);
  const nameOf = useCallback((id: string) => names.get(id) ?? id, [names]);
  const result: ActionResult | undefined = problem ? { problem } : undefined;

  return (
    <div className="stack">
      <div className="spread">
        <h1>Analytics</h1>
        {data && (
          <span className="muted small" data-testid="analytics-range">
            {dateTime(data.from)} – {dateTime(data.to)}
            {window.agentId && <> · {nameOf(window.agentId)}</>}
          </span>
        )}
      </div>
      <AnalyticsFilters window={window} agents={agents} problem={result} />
      <ProblemNotice result={result} />
      {data && !hasData(data) && (
        <EmptyState title="No activity in this range">
          <p>
            Nothing ran and no governance cycle closed between {dateTime(data.from)} and {dateTime(data.to)}.{" "}
            {window.preset !== "30d" && (
              <Link to={presetHref("30d", window.agentId)}>Look at the last 30 days</Link>
            )}
          </p>
        </EmptyState>
      )}
      {data && hasData(data) && (
        <>
          <AnalyticsTotals totals={data.totals} />
          <div className="grid halves">
            <TrustTrends data={data} nameOf={nameOf} />
            <SuccessOverTime data={data} />
          </div>
          <SuccessHeatmap data={data} nameOf={nameOf} />
          <div className="grid halves">
            <MutationHistory data={data} />
            <LatencyHistogram latency={data.latency} />
          </div>
        </>
      )}
    </div>
  );
}

export const ErrorBoundary = RouteError;
