import type { AgentCard, EventEnvelope } from "./types";

export const num = (x: unknown): number | null => (typeof x === "number" && Number.isFinite(x) ? x : null);
export const str = (x: unknown): string | null => (typeof x === "string" ? x : null);

/** The agent an event is about: on the envelope, or (task results) in its data. */
export function agentOf(e: EventEnvelope): string | null {
  return e.agentId ?? str(e.data.agentId);
}

const STATUS_OF: Record<string, string> = {
  "agent.suppressed": "suppressed",
  "agent.probation": "probation",
  "agent.reinstated": "active",
  "agent.excluded": "excluded",
};

function patch(card: AgentCard, e: EventEnvelope): AgentCard {
  const d = e.data;
  const status = STATUS_OF[e.type];
  if (status) return { ...card, status, trust: num(d.trust) ?? card.trust };
  switch (e.type) {
    case "trust.updated":
      return { ...card, trust: num(d.after) ?? card.trust };
    case "task.completed":
    case "task.failed":
    case "task.retried": {
      const outcome = str(d.outcome);
      return outcome ? { ...card, lastOutcome: outcome, lastResultAt: e.time } : card;
    }
    case "drift.detected":
      return { ...card, drifting: true };
    case "agent.updated": {
      const changes = (d.changes ?? {}) as Record<string, unknown>;
      return {
        ...card,
        name: str(changes.name) ?? card.name,
        drifting: d.drifting === false ? false : card.drifting,
      };
    }
    default:
      return card;
  }
}

/**
 * The agents as the snapshot had them, moved forward by every later event. Events at or before
 * the snapshot's seq are already in it.
 */
export function liveAgents(snapshot: AgentCard[], events: EventEnvelope[], afterSeq: number): AgentCard[] {
  const byId = new Map(snapshot.map((a) => [a.id, a]));
  for (const e of events) {
    if (e.seq <= afterSeq) continue;
    const id = agentOf(e);
    if (!id) continue;
    if (e.type === "agent.registered") {
      byId.set(id, {
        id,
        name: str(e.data.name) ?? id,
        trust: num(e.data.trust) ?? 0.5,
        status: str(e.data.status) ?? "active",
        drifting: false,
        lastOutcome: null,
        lastResultAt: null,
      });
      continue;
    }
    if (e.type === "agent.removed") {
      byId.delete(id);
      continue;
    }
    const card = byId.get(id);
    if (card) byId.set(id, patch(card, e));
  }
  return [...byId.values()];
}
