import {
  type ActionFunctionArgs,
  json,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/cloudflare";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { type ActionResult, ProblemNotice } from "../components/problem-notice";
import { RouteError } from "../components/route-error";
import { CancelTask } from "../components/tasks/cancel-task";
import { cancelTask } from "../components/tasks/task-actions.server";
import { TaskDetail } from "../components/tasks/task-detail";
import { taskDetail } from "../components/tasks/task-loaders.server";
import tasksCss from "../components/tasks/tasks.css?url";
import { cancellable, type TaskDetailData } from "../components/tasks/types";
import { requireAction, requireUser } from "../lib/auth.server";
import { useLiveEvents } from "../lib/live/live-provider";
import { useSignedIn } from "../lib/use-signed-in";
import { useThrottledRevalidate } from "../lib/use-throttled-revalidate";

export const meta: MetaFunction = ({ params }) => [{ title: `Task ${params.id ?? ""} · Warden` }];
export const links = () => [{ rel: "stylesheet", href: tasksCss }];

/** Also what an expanded history row fetches: the problem is data, so a fetcher can show it in place. */
export async function loader(args: LoaderFunctionArgs) {
  const signed = await requireUser(args);
  const { data, status } = await taskDetail(signed, args.params.id ?? "");
  return json(data, { status, headers: signed.headers });
}

export async function action(args: ActionFunctionArgs) {
  const signed = await requireAction(args);
  return cancelTask(signed, signed.form);
}

export default function TaskPage() {
  const data = useLoaderData<typeof loader>() as TaskDetailData;
  const result = useActionData<ActionResult>();
  const { may } = useSignedIn();
  const revalidate = useThrottledRevalidate(1000);
  const id = data.task?.id;
  useLiveEvents(
    (events) => {
      if (events.some((e) => e.taskId === id)) revalidate();
    },
    ["task.*"],
  );
  return (
    <div className="stack tasks-page">
      <nav aria-label="Breadcrumb">
        <Link to="/tasks">← Tasks</Link>
      </nav>
      {data.task ? (
        <>
          <div className="spread">
            <h1>
              Task <span className="mono">{data.task.id}</span>
            </h1>
            {may("POST /tasks/{id}/cancel") && cancellable(data.task.status) && (
              <CancelTask taskId={data.task.id} action="." />
            )}
          </div>
          <ProblemNotice result={result} />
          <section className="card">
            <TaskDetail task={data.task} agents={data.agents} />
          </section>
        </>
      ) : (
        <>
          <h1>Task not available</h1>
          <ProblemNotice result={{ problem: data.problem }} />
        </>
      )}
    </div>
  );
}

export const ErrorBoundary = RouteError;
