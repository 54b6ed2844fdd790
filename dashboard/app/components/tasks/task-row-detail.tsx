import { useFetcher } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useLiveEvents } from "../../lib/live/live-provider";
import { ProblemNotice } from "../problem-notice";
import { TaskDetail } from "./task-detail";
import type { TaskDetailData } from "./types";

/** An expanded history row: loads the task with its attempts, and reloads it when it changes. */
export function TaskRowDetail({ id }: { id: string }) {
  const fetcher = useFetcher<TaskDetailData>({ key: `task-${id}` });
  const load = useRef(fetcher.load);
  load.current = fetcher.load;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    load.current(`/tasks/${id}`);
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
  }, [id]);

  useLiveEvents(
    (events) => {
      if (timer.current || !events.some((e) => e.taskId === id)) return;
      timer.current = setTimeout(() => {
        timer.current = null;
        load.current(`/tasks/${id}`);
      }, 500);
    },
    ["task.*"],
  );

  const data = fetcher.data;
  if (!data) return <p className="muted">Loading {id}…</p>;
  if (!data.task) return <ProblemNotice result={{ problem: data.problem }} />;
  return <TaskDetail task={data.task} agents={data.agents} />;
}
