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
import { registration } from "../components/agents/registration.server";
import type { Agent } from "../components/agents/types";
import { useLiveAgents } from "../components/agents/use-live-agents";
import type { ActionResult } from "../components/problem-notice";
import { RouteError } from "../components/route-error";
import { SecretOnce } from "../components/secret-once";
import { attempt, loadOr } from "../lib/actions.server";
import { requireAction, requireUser } from "../lib/auth.server";
import { useSignedIn } from "../lib/use-signed-in";

export const meta: MetaFunction = () => [{ title: "Agents · Warden" }];
export const links = () => [{ rel: "stylesheet", href: css }];

export async function loader(args: LoaderFunctionArgs) {
  const signed = await requireUser(args);
  const { agents } = await loadOr(() => signed.api.get<{ agents: Agent[] }>("/agents"));
  return json({ agents }, { headers: signed.headers });
}

export async function action(args: ActionFunctionArgs) {
  const signed = await requireAction(args);
  return attempt(signed.headers, async () => {
    const agent = await signed.api.call<Agent & { signingSecret?: string }>("/agents", {
      method: "POST",
      body: registration(signed.form),
    });
    const message = `Agent ${agent.name} registered.`;
    // Lives only in this action's answer: a reload shows the agent, never its secret again.
    if (agent.signingSecret)
      return { message, once: { signingSecret: agent.signingSecret, name: agent.name } };
    return message;
  });
}

export default function AgentsPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const agents = useLiveAgents(data.agents as Agent[]);
  const { may } = useSignedIn();
  const secret = typeof result?.once?.signingSecret === "string" ? result.once.signingSecret : null;
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
      {/* Beside the form just submitted, where the eye is, however long the list. */}
      {secret && (
        <SecretOnce
          title="Signing secret"
          value={secret}
          testId="agent-signing-secret"
          note={`Every request to "${String(result?.once?.name ?? "")}" is signed with this secret (Standard Webhooks headers), so it can verify the caller. Copy it now; it will not be shown again.`}
        />
      )}
      {may("POST /agents") && <RegisterAgentForm result={result} />}
    </div>
  );
}

export const ErrorBoundary = RouteError;
