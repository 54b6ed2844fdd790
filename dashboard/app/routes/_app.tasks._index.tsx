import {
  type ActionFunctionArgs,
  json,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/cloudflare";
import { type ShouldRevalidateFunction, useActionData, useLoaderData } from "@remix-run/react";
import { type ActionResult, ProblemNotice } from "../components/problem-notice";
import { RouteError } from "../components/route-error";
import { BatchUpload } from "../components/tasks/batch-upload";
import { HistoryFilters, HistoryPager } from "../components/tasks/history-filters";
import { SubmitTaskForm } from "../components/tasks/submit-task-form";
import { cancelTask, submitTask } from "../components/tasks/task-actions.server";
import { TaskHistory } from "../components/tasks/task-history";
import { agentNames, historyPage, historyQuery } from "../components/tasks/task-loaders.server";
import tasksCss from "../components/tasks/tasks.css?url";
import type { Task } from "../components/tasks/types";
import { requireAction, requireUser } from "../lib/auth.server";
import { useLiveEvents } from "../lib/live/live-provider";
import { useSignedIn } from "../lib/use-signed-in";
import { useThrottledRevalidate } from "../lib/use-throttled-revalidate";

export const meta: MetaFunction = () => [{ title: "Tasks · Warden" }];
export const links = () => [{ rel: "stylesheet", href: tasksCss }];

export async function loader(args: LoaderFunctionArgs) {
  const signed = await requireUser(args);
  const query = historyQuery(new URL(args.request.url));
  const [page, agents] = await Promise.all([historyPage(signed, query), agentNames(signed)]);
  return json({ ...page, agents, query }, { headers: signed.headers });
}

export async function action(args: ActionFunctionArgs) {
  const signed = await requireAction(args);
  const intent = signed.form.get("intent");
  if (intent === "cancel") return cancelTask(signed, signed.form);
  return submitTask(signed, signed.form);
}

// Status checks of a running batch read only: they must not reload the history each time.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get("intent") === "status" ? false : defaultShouldRevalidate;

export default function TasksPage() {
  const { tasks, nextCursor, agents, query, problem } = useLoaderData<typeof loader>();
  const cancelResult = useActionData<ActionResult>();
  const { may } = useSignedIn();
  const canSubmit = may("POST /tasks");
  const canBatch = may("POST /tasks/batch");
  const canCancel = may("POST /tasks/{id}/cancel");
  const revalidate = useThrottledRevalidate();
  useLiveEvents(revalidate, ["task.*"]);
  const filtered = Boolean(query.status || query.agentId);

  return (
    <div className="stack tasks-page">
      <h1>Tasks</h1>
      {(canSubmit || canBatch) && (
        <div className="grid task-forms">
          {canSubmit && (
            <section className="card stack" aria-labelledby="submit-task">
              <h2 id="submit-task">Submit a task</h2>
              <SubmitTaskForm />
            </section>
          )}
          {canBatch && (
            <section className="card stack" aria-labelledby="upload-batch">
              <h2 id="upload-batch">Upload a batch</h2>
              <BatchUpload />
            </section>
          )}
        </div>
      )}
      <section className="card stack" aria-labelledby="task-history">
        <h2 id="task-history">Task history</h2>
        <HistoryFilters key={JSON.stringify(query)} query={query} agents={agents} />
        {problem && <ProblemNotice result={{ problem }} />}
        <ProblemNotice result={cancelResult} />
        <TaskHistory
          tasks={tasks as Task[]}
          agents={agents}
          canCancel={canCancel}
          empty={
            filtered
              ? "No tasks match these filters"
              : query.cursor
                ? "No older tasks"
                : canSubmit
                  ? "No tasks yet: submit one above"
                  : "No tasks yet"
          }
        />
        <HistoryPager query={query} nextCursor={nextCursor} />
      </section>
    </div>
  );
}

export const ErrorBoundary = RouteError;
