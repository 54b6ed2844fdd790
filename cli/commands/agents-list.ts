import type { CliContext } from "../config";
import { call } from "../http";
import { count, fixed, table, writeJson, writeLine } from "../output";

/** `warden agents list`: every agent with its trust, status and load. */
export async function listAgents(ctx: CliContext): Promise<number> {
  const { agents } = await call(() => ctx.client.GET("/agents"), { baseUrl: ctx.url });
  if (ctx.json) {
    writeJson({ agents });
    return 0;
  }
  if (agents.length === 0) {
    writeLine("No agents yet. Register one with POST /api/v1/agents or in the dashboard.");
    return 0;
  }
  writeLine(
    table(
      ["NAME", "ID", "KIND", "STATUS", "TRUST", "IN FLIGHT", "OK", "FAILED", "CAPABILITIES"],
      agents.map((a) => [
        a.name,
        a.id,
        a.kind,
        a.status + (a.drifting ? " (drifting)" : ""),
        fixed(a.trust),
        `${count(a.inFlight)}/${count(a.maxConcurrency)}`,
        a.counters.successes,
        a.counters.failures + a.counters.timeouts,
        a.capabilities.join(", "),
      ]),
    ),
  );
  return 0;
}
