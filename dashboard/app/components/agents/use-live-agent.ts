import { useEffect, useMemo, useState } from "react";
import type { EventEnvelope } from "../../../../shared/events";
import { useLiveEvents } from "../../lib/live/live-provider";
import { AGENT_EVENT_TYPES, applyAgentEvents } from "./agent-events";
import { STATUS_EVENT_TYPES, statusEventOf } from "./status-events";
import type { Agent, Execution, StatusEvent, TrustPoint } from "./types";

export interface AgentPageData {
  agent: Agent;
  trust: TrustPoint[];
  status: StatusEvent[];
  executions: Execution[];
}

const MAX_EXECUTIONS = 200;
/** A busy agent moves trust many times a second; the chart needs the recent shape, not all of it. */
const MAX_LIVE_POINTS = 2000;
const EXECUTION_EVENTS = new Set(["task.assigned", "task.completed", "task.failed", "task.retried"]);

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

function trustPointOf(e: EventEnvelope): TrustPoint | null {
  const before = num(e.data.before);
  const after = num(e.data.after);
  if (after === null) return null;
  const cause = str(e.data.outcome) ?? str(e.data.reason) ?? "";
  return { seq: e.seq, at: e.time, before: before ?? after, after, cause };
}

function executionOf(e: EventEnvelope): Execution | null {
  const attempt = num(e.data.attempt);
  if (!e.taskId || attempt === null) return null;
  const outcome = e.type === "task.assigned" ? null : str(e.data.outcome);
  return { taskId: e.taskId, attempt, outcome, latencyMs: num(e.data.latencyMs), at: e.time };
}

const key = (x: Execution) => `${x.taskId}#${x.attempt}`;

/** Loaded and live attempts, one per task attempt: a finished record beats a running one. */
function mergeExecutions(loaded: Execution[], live: Execution[]): Execution[] {
  const byKey = new Map(loaded.map((x) => [key(x), x]));
  for (const x of live) {
    const had = byKey.get(key(x));
    if (!had || x.outcome !== null || had.outcome === null) byKey.set(key(x), x);
  }
  return [...byKey.values()].sort((a, b) => b.at.localeCompare(a.at)).slice(0, MAX_EXECUTIONS);
}

const maxSeq = (rows: { seq: number }[]) => rows.reduce((m, r) => Math.max(m, r.seq), 0);

/**
 * One agent's page kept current: header fields patched, trust points and lifecycle events
 * appended, attempts added as they are assigned and finish — all without reloading.
 */
export function useLiveAgent(loaded: AgentPageData): AgentPageData {
  const id = loaded.agent.id;
  const [agent, setAgent] = useState(loaded.agent);
  const [liveTrust, setLiveTrust] = useState<TrustPoint[]>([]);
  const [liveStatus, setLiveStatus] = useState<StatusEvent[]>([]);
  const [liveExec, setLiveExec] = useState<Execution[]>([]);

  useEffect(() => setAgent(loaded.agent), [loaded.agent]);

  useLiveEvents((events) => {
    const mine = events.filter((e) => e.agentId === id);
    if (mine.length === 0) return;
    setAgent((a) => applyAgentEvents(a, mine));
    const points = mine.filter((e) => e.type === "trust.updated").flatMap((e) => trustPointOf(e) ?? []);
    if (points.length) setLiveTrust((p) => [...p, ...points].slice(-MAX_LIVE_POINTS));
    const lifecycle = mine.filter((e) => STATUS_EVENT_TYPES.includes(e.type)).map(statusEventOf);
    if (lifecycle.length) setLiveStatus((s) => [...s, ...lifecycle]);
    const runs = mine.filter((e) => EXECUTION_EVENTS.has(e.type)).flatMap((e) => executionOf(e) ?? []);
    if (runs.length) setLiveExec((x) => mergeExecutions(x, runs));
  }, AGENT_EVENT_TYPES);

  return useMemo(() => {
    const trustAfter = maxSeq(loaded.trust);
    const statusAfter = maxSeq(loaded.status);
    return {
      agent,
      trust: [...loaded.trust, ...liveTrust.filter((p) => p.seq > trustAfter)],
      status: [...loaded.status, ...liveStatus.filter((s) => s.seq > statusAfter)],
      executions: mergeExecutions(loaded.executions, liveExec),
    };
  }, [agent, loaded, liveTrust, liveStatus, liveExec]);
}
