import {
  type ActionFunctionArgs,
  json,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/cloudflare";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AgentTable } from "../components/agents/agent-table";
import css from "../components/agents/agents.css?url";
import { RegisterAgentForm } from "../components/agents/register-form";
import type { Agent } from "../components/agents/types";
import { splitList } from "../components/agents/types";
import { useLiveAgents } from "../components/agents/use-live-agents";
import type { ActionResult } from "../components/problem-notice";
import { RouteError } from "../components/route-error";
import { attempt, formNumber, formString, loadOr } from "../lib/actions.server";
import { requireAction, requireUser } from "../lib/auth.server";
import { useSignedIn } from "../lib/use-signed-in";

export const meta: MetaFunction = () => [{ title: "Agents · Warden" }];
export const links = () => [{ rel: "stylesheet", href: css }];

export async function loader(args: LoaderFunctionArgs) {
  const signed = await requireUser(args);
  const { agents } = await loadOr(() => signed.api.get<{ agents: Agent[] }>("/agents"));
  return json({ agents }, { headers: signed.headers });
}

/** Only the fields the form filled in: the API applies its own defaults to the rest. */
function registration(form: FormData) {
  const kind = formString(form, "kind");
  const body: Record<string, unknown> = {
    name: formString(form, "name"),
    kind,
    capabilities: splitList(formString(form, "capabilities")),
  };
  const maxConcurrency = formNumber(form, "maxConcurrency");
  if (maxConcurrency !== undefined) body.maxConcurrency = maxConcurrency;
  if (kind === "http") {
    body.endpoint = formString(form, "endpoint");
    const timeoutMs = formNumber(form, "timeoutMs");
    if (timeoutMs !== undefined) body.timeoutMs = timeoutMs;
  } else if (kind === "simulated") {
    const simulation: Record<string, number | undefined> = {
      successRate: formNumber(form, "successRate"),
      latencyMs: formNumber(form, "latencyMs"),
      degradeAfter: formNumber(form, "degradeAfter"),
      degradedSuccessRate: formNumber(form, "degradedSuccessRate"),
    };
    body.simulation = simulation;
  }
  return body;
}

export async function action(args: ActionFunctionArgs) {
  const signed = await requireAction(args);
  return attempt(signed.headers, async () => {
    const agent = await signed.api.call<Agent>("/agents", {
      method: "POST",
      body: registration(signed.form),
    });
    return `Agent ${agent.name} registered.`;
  });
}

export default function AgentsPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const agents = useLiveAgents(data.agents as Agent[]);
  const { may } = useSignedIn();
  return (
    <div className="stack">
      <div className="spread">
        <h1>Agents</h1>
        <span className="muted">
          {agents.length} registered · {agents.filter((a) => a.status === "active").length} active
        </span>
      </div>
      <section className="card" aria-label="Agent list">
        <AgentTable agents={agents} />
      </section>
      {may("POST /agents") && <RegisterAgentForm result={result} />}
    </div>
  );
}

export const ErrorBoundary = RouteError;
