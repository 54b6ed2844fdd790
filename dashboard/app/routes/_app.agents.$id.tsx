import {
  type ActionFunctionArgs,
  json,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/cloudflare";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { AgentHistory } from "../../../shared/schemas/analytics";
import { AgentControls } from "../components/agents/agent-controls";
import { AgentExecutions } from "../components/agents/agent-executions";
import { AgentHeader } from "../components/agents/agent-header";
import { AgentSigning, isRotation, ROTATE_INTENT } from "../components/agents/agent-signing";
import css from "../components/agents/agents.css?url";
import { StatusTimeline } from "../components/agents/status-timeline";
import { TrustHistory } from "../components/agents/trust-history";
import { type Agent, executionsOf, type Task } from "../components/agents/types";
import { type AgentPageData, useLiveAgent } from "../components/agents/use-live-agent";
import type { ActionResult } from "../components/problem-notice";
import { RouteError } from "../components/route-error";
import { attempt, formNumber, formString, loadOr } from "../lib/actions.server";
import { type Api, ApiError } from "../lib/api.server";
import { requireAction, requireUser } from "../lib/auth.server";
import { dateTime, trust } from "../lib/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.agent.name ?? "Agent"} · Warden` },
];
export const links = () => [{ rel: "stylesheet", href: css }];

const AGENT_ID = /^agt_[0-9a-hjkmnp-tv-z]{26}$/;
/** The attempts shown come from this many of the agent's latest tasks. */
const TASK_PAGE = 100;

function notFound(id: string, headers: Headers): never {
  throw json(
    { title: "Not found", status: 404, detail: `Agent ${id} was not found.` },
    { status: 404, headers },
  );
}

/** A secondary panel that fails alone: the page still shows the agent, with a note instead. */
async function orNote<T>(
  run: () => Promise<T>,
  what: string,
): Promise<{ value: T | null; note: string | null }> {
  try {
    return { value: await run(), note: null };
  } catch (err) {
    if (err instanceof ApiError)
      return { value: null, note: `${what} could not be loaded: ${err.problem.detail || err.problem.title}` };
    throw err;
  }
}

export async function loader(args: LoaderFunctionArgs) {
  const signed = await requireUser(args);
  const id = args.params.id ?? "";
  if (!AGENT_ID.test(id)) notFound(id, signed.headers);
  const [agent, history, tasks] = await Promise.all([
    loadOr(() => signed.api.get<Agent>(`/agents/${id}`)),
    orNote(() => signed.api.get<AgentHistory>(`/agents/${id}/history`), "Trust and status history"),
    orNote(
      () => signed.api.get<{ tasks: Task[] }>("/tasks", { agentId: id, limit: TASK_PAGE }),
      "Executions",
    ),
  ]);
  return json(
    {
      agent,
      trust: history.value?.trust ?? [],
      status: history.value?.status ?? [],
      historyNote: history.note,
      executions: executionsOf(tasks.value?.tasks ?? [], id),
      executionsNote: tasks.note,
    },
    { headers: signed.headers },
  );
}

/** The new secret goes back in the answer only; its problems are tagged for the signing panel. */
async function rotateSecret(api: Api, id: string) {
  try {
    const rotated = await api.call<{ signingSecret: string; previousSecretExpiresAt: string }>(
      `/agents/${id}/rotate-secret`,
      { method: "POST" },
    );
    return {
      message: `Signing secret rotated. The previous one also signs until ${dateTime(rotated.previousSecretExpiresAt)}.`,
      once: { signingSecret: rotated.signingSecret },
    };
  } catch (err) {
    if (err instanceof ApiError) throw new ApiError(err.status, { ...err.problem, intent: ROTATE_INTENT });
    throw err;
  }
}

export async function action(args: ActionFunctionArgs) {
  const signed = await requireAction(args);
  const id = args.params.id ?? "";
  const form = signed.form;
  const reason = formString(form, "reason");
  const intent = formString(form, "intent");
  return attempt(signed.headers, async () => {
    const post = (path: string, body: Record<string, unknown>) =>
      signed.api.call<Agent>(`/agents/${id}/${path}`, { method: "POST", body });
    switch (intent) {
      case "trust": {
        const agent = await post("trust", { trust: formNumber(form, "trust"), reason });
        return `Trust of ${agent.name} set to ${trust(agent.trust)}.`;
      }
      case "suppress": {
        const agent = await post("suppress", { reason });
        return `${agent.name} suppressed.`;
      }
      case "reinstate": {
        const agent = await post("reinstate", { reason });
        return `${agent.name} reinstated.`;
      }
      case ROTATE_INTENT:
        return rotateSecret(signed.api, id);
      default:
        throw new ApiError(400, {
          type: "about:blank",
          title: "Unknown action",
          status: 400,
          detail: `"${intent}" is not an action of this page.`,
        });
    }
  });
}

export default function AgentPage() {
  const data = useLoaderData<typeof loader>();
  // A new agent is a new page: live state of the previous one must not carry over.
  return <AgentDetail key={data.agent.id} />;
}

function AgentDetail() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const live = useLiveAgent(data as unknown as AgentPageData);
  return (
    <div className="stack">
      <AgentHeader agent={live.agent} />
      <AgentControls agent={live.agent} result={isRotation(result) ? undefined : result} />
      <AgentSigning agent={live.agent} result={isRotation(result) ? result : undefined} />
      {data.historyNote && <p className="notice warn">{data.historyNote}</p>}
      <div className="grid two">
        <TrustHistory points={live.trust} status={live.status} />
        <StatusTimeline events={live.status} />
      </div>
      <AgentExecutions executions={live.executions} note={data.executionsNote} />
    </div>
  );
}

export const ErrorBoundary = RouteError;
