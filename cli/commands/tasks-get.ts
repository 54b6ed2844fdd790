import type { CliContext } from "../config";
import { call } from "../http";
import { fields, fixed, table, writeJson, writeLine } from "../output";

/** `warden tasks get ID`: the task, its attempts, and why it waits if it does. */
export async function getTask(ctx: CliContext, id: string): Promise<number> {
  const task = await call(() => ctx.client.GET("/tasks/{id}", { params: { path: { id } } }), {
    baseUrl: ctx.url,
  });
  if (ctx.json) {
    writeJson(task);
    return 0;
  }
  const pairs: [string, string | number][] = [
    ["Task", task.id],
    ["Status", task.status + (task.holdReason ? ` (waiting: ${task.holdReason})` : "")],
  ];
  if (task.reason) pairs.push(["Reason", task.reason]);
  if (task.externalId) pairs.push(["External id", task.externalId]);
  pairs.push(
    ["Impact", fixed(task.impact)],
    ["Urgency", fixed(task.urgency)],
    ["Risk", fixed(task.risk)],
    ["Capabilities", task.capabilities.join(", ") || "(any agent)"],
    ["Attempts", `${task.attempts.length} of at most ${task.maxAttempts}`],
    ["Created", task.createdAt],
    ["Finished", task.finishedAt ?? "not yet"],
  );
  writeLine(fields(pairs));
  if (task.attempts.length) {
    writeLine("");
    writeLine(
      table(
        ["#", "AGENT", "OUTCOME", "LATENCY", "ASSIGNED", "FINISHED"],
        task.attempts.map((a) => [
          a.attempt,
          a.agentId + (a.probe ? " (probe)" : ""),
          a.outcome ?? "running",
          a.latencyMs === null ? "" : `${Math.round(a.latencyMs)} ms`,
          a.assignedAt,
          a.finishedAt ?? "",
        ]),
      ),
    );
  }
  return 0;
}
