import type { Series } from "../../lib/align-series";
import { agentOf, num, str } from "./derive-agents";
import { type AgentCard, type Analytics, type EventEnvelope, OUTCOME_TYPES } from "./types";

export const FEED_SIZE = 50;

export interface FeedItem {
  seq: number;
  time: string;
  type: string;
  taskId: string | null;
  agentId: string | null;
  outcome: string | null;
  latencyMs: number | null;
  attempt: number | null;
  /** Why a task failed for good (failure, timeout, rejected…). */
  reason: string | null;
  slow: boolean;
}

/** Newest first, one entry per event even when the seed and the socket both delivered it. */
export function feedItems(seed: EventEnvelope[], live: EventEnvelope[]): FeedItem[] {
  const bySeq = new Map<number, EventEnvelope>();
  for (const e of [...seed, ...live]) if (OUTCOME_TYPES.includes(e.type)) bySeq.set(e.seq, e);
  return [...bySeq.values()]
    .sort((a, b) => b.seq - a.seq)
    .slice(0, FEED_SIZE)
    .map((e) => ({
      seq: e.seq,
      time: e.time,
      type: e.type,
      taskId: e.taskId ?? null,
      agentId: agentOf(e),
      outcome: str(e.data.outcome),
      latencyMs: num(e.data.latencyMs),
      attempt: num(e.data.attempt),
      reason: str(e.data.reason),
      slow: e.data.slow === true,
    }));
}

/**
 * One step series per current agent: the analytics window's trust points, every live change
 * since, and the value the snapshot was taken with, so each line reaches the present.
 */
export function trustSeries(
  agents: AgentCard[],
  snapshot: AgentCard[],
  analytics: Analytics | null,
  live: EventEnvelope[],
  snapshotAt: number,
): Series[] {
  const points = new Map<string, { t: number; v: number }[]>(agents.map((a) => [a.id, []]));
  for (const row of analytics?.trust ?? []) {
    const list = points.get(row.agentId);
    if (list) for (const p of row.points) list.push({ t: Date.parse(p.at), v: p.trust });
  }
  for (const a of snapshot) {
    const list = points.get(a.id);
    if (list && !list.some((p) => p.t >= snapshotAt)) list.push({ t: snapshotAt, v: a.trust });
  }
  for (const e of live) {
    if (e.type !== "trust.updated") continue;
    const list = points.get(agentOf(e) ?? "");
    const after = num(e.data.after);
    if (list && after !== null) list.push({ t: Date.parse(e.time), v: after });
  }
  startAtActivity(points, analytics ? Date.parse(analytics.from) : null, snapshotAt);
  return agents.map((a) => ({
    label: a.name,
    points: stepped((points.get(a.id) ?? []).sort((x, y) => x.t - y.t)),
  }));
}

/** Trust holds until the next change: draw each change as a jump, not a slope from the last one. */
function stepped(points: { t: number; v: number }[]): { t: number; v: number }[] {
  const out: { t: number; v: number }[] = [];
  for (const p of points) {
    const prev = out[out.length - 1];
    if (prev && prev.v !== p.v && p.t - prev.t > 1) out.push({ t: p.t - 1, v: prev.v });
    out.push(p);
  }
  return out;
}

/**
 * Analytics opens each line with its value at the window's start. Trust is flat until a line's
 * first change, so those opening points can move up to just before the earliest change: the
 * chart then spends its width on what happened, not on a quiet night.
 */
function startAtActivity(
  points: Map<string, { t: number; v: number }[]>,
  from: number | null,
  snapshotAt: number,
) {
  if (from === null) return;
  let first = Number.POSITIVE_INFINITY;
  for (const list of points.values())
    for (const p of list) if (p.t > from && p.t !== snapshotAt) first = Math.min(first, p.t);
  if (!Number.isFinite(first)) return;
  const start = Math.max(from, first - Math.max(60_000, (snapshotAt - first) / 20));
  for (const list of points.values()) for (const p of list) if (p.t === from) p.t = start;
}
