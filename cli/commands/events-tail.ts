import type { CliContext } from "../config";
import { followEvents, type WardenEvent } from "../event-follow";
import { writeError, writeLine } from "../output";

export interface TailOptions {
  types?: string;
  after?: number;
}

/** The few data fields worth a glance on one line; the rest is in `--json`. */
function gist(e: WardenEvent): string {
  const d = e.data;
  const bits: string[] = [];
  for (const key of ["outcome", "reason", "before", "after", "trust", "from", "to", "latencyMs"]) {
    const v = d[key];
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean")
      bits.push(`${key}=${typeof v === "number" && !Number.isInteger(v) ? v.toFixed(3) : v}`);
  }
  return bits.join(" ");
}

function line(e: WardenEvent): string {
  const refs = [e.taskId, e.agentId, e.cycleId].filter(Boolean).join(" ");
  return [`#${e.seq}`.padEnd(8), e.time, e.type.padEnd(20), refs, gist(e)].filter(Boolean).join("  ");
}

/** `warden events tail`: follows the event stream until Ctrl+C. */
export async function tailEvents(ctx: CliContext, opts: TailOptions): Promise<number> {
  const stop = new AbortController();
  const onSigint = () => stop.abort();
  process.once("SIGINT", onSigint);
  try {
    await followEvents({
      client: ctx.client,
      baseUrl: ctx.url,
      ...(opts.after !== undefined ? { after: opts.after } : {}),
      ...(opts.types ? { types: opts.types } : {}),
      signal: stop.signal,
      onEvent: (e) => writeLine(ctx.json ? JSON.stringify(e) : line(e)),
      onResync: (r) =>
        writeError(`Events up to #${r.oldestSeq - 1} are no longer kept; continuing from #${r.oldestSeq}.`),
      onConnection: (s) => {
        if (!s.connected) writeError(`Event stream interrupted (${s.reason}); reconnecting…`);
      },
    });
  } finally {
    process.off("SIGINT", onSigint);
  }
  return 0;
}
