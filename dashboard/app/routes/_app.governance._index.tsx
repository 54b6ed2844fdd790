import {
  type ActionFunctionArgs,
  json,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/cloudflare";
import { useActionData, useLoaderData } from "@remix-run/react";
import { CircuitHistory } from "../components/governance/circuit-history";
import { CyclesTable } from "../components/governance/cycles-table";
import css from "../components/governance/governance.css?url";
import { loadGovernance } from "../components/governance/governance.server";
import { StateCard } from "../components/governance/state-card";
import { TriggerCycle } from "../components/governance/trigger-cycle";
import { type ActionResult, ProblemNotice } from "../components/problem-notice";
import { RouteError } from "../components/route-error";
import { attempt, formString, loadOr } from "../lib/actions.server";
import { requireAction, requireUser } from "../lib/auth.server";
import { useLiveEvents } from "../lib/live/live-provider";
import { useSignedIn } from "../lib/use-signed-in";
import { useThrottledRevalidate } from "../lib/use-throttled-revalidate";

export const meta: MetaFunction = () => [{ title: "Governance · Warden" }];
export const links = () => [{ rel: "stylesheet", href: css }];

export async function loader(args: LoaderFunctionArgs) {
  const signed = await requireUser(args);
  const cursor = new URL(args.request.url).searchParams.get("cursor");
  const data = await loadOr(() => loadGovernance(signed.api, cursor));
  return json(data, { headers: signed.headers });
}

export async function action(args: ActionFunctionArgs) {
  const signed = await requireAction(args);
  return attempt(signed.headers, async () => {
    if (formString(signed.form, "intent") !== "trigger") return "Nothing to do.";
    const out = await signed.api.call<{ cycleId: string | null; assigned: number }>("/governance/trigger", {
      method: "POST",
    });
    const assigned = `${out.assigned} task${out.assigned === 1 ? "" : "s"} assigned`;
    return out.cycleId
      ? `Cycle closed (${out.cycleId}); ${assigned}.`
      : `The cycle had no results to close yet; ${assigned}.`;
  });
}

/** Events that change what this page shows; results only move counters, so they reload less often. */
const STRUCTURAL = ["cycle.completed", "circuit.*", "mutation.applied", "config.updated", "agent.*"];
const COUNTERS = ["task.created", "task.completed", "task.failed", "task.retried", "task.cancelled"];

export default function Governance() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const { may } = useSignedIn();
  const soon = useThrottledRevalidate(1_000);
  const later = useThrottledRevalidate(5_000);
  useLiveEvents(soon, STRUCTURAL);
  useLiveEvents(later, COUNTERS);

  return (
    <>
      <div className="spread gov-head">
        <h1>Governance</h1>
        {may("POST /governance/trigger") && <TriggerCycle />}
      </div>
      <div className="stack">
        <ProblemNotice result={result} />
        <div className="grid halves">
          <StateCard state={data.state} />
          <CircuitHistory events={data.circuit} />
        </div>
        <section className="card" aria-labelledby="cycles-title">
          <h2 id="cycles-title">Cycles</h2>
          <CyclesTable cycles={data.cycles} nextCursor={data.nextCursor} cursor={data.cursor} />
        </section>
      </div>
    </>
  );
}

export const ErrorBoundary = RouteError;
