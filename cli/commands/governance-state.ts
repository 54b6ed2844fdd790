import type { CliContext } from "../config";
import { call } from "../http";
import { count, fields, fixed, table, writeJson, writeLine } from "../output";

/** `warden governance state`: the threshold, the circuit, the cycle, task counts and agents. */
export async function governanceState(ctx: CliContext): Promise<number> {
  const s = await call(() => ctx.client.GET("/governance/state"), { baseUrl: ctx.url });
  if (ctx.json) {
    writeJson(s);
    return 0;
  }
  const circuit =
    s.circuit.state === "closed"
      ? "closed"
      : `${s.circuit.state}${s.circuit.reopenAt ? ` (until ${new Date(s.circuit.reopenAt).toISOString()})` : ""}`;
  writeLine(
    fields([
      ["Trust threshold", fixed(s.threshold)],
      ["Circuit", circuit],
      ["Cycle", `#${s.cycle.number} (${s.cycle.results} results so far)`],
      [
        "Tasks",
        `${count(s.tasks.queued)} queued, ${count(s.tasks.assigned)} assigned, ` +
          `${count(s.tasks.succeeded)} succeeded, ${count(s.tasks.failed)} failed, ${count(s.tasks.cancelled)} cancelled`,
      ],
      ["Last event", `#${count(s.lastSeq)}`],
    ]),
  );
  if (s.agents.length) {
    writeLine("");
    writeLine(
      table(
        ["AGENT", "ID", "STATUS", "TRUST"],
        s.agents.map((a) => [a.name, a.id, a.status, fixed(a.trust)]),
      ),
    );
  }
  return 0;
}
