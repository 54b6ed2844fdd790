import type { EventEnvelope } from "../../../../shared/events";
import { type Api, ApiError } from "../../lib/api.server";
import {
  type AgentCard,
  type Analytics,
  type GovState,
  type OverviewData,
  type RuleAlert,
  SEED_TYPES,
} from "./types";

const SEED_EVENTS = 200;
const TRUST_BUCKETS = 96;

interface AgentView extends AgentCard {
  [key: string]: unknown;
}

/** Optional data: a page that cannot get it still renders from the live state. */
async function optional<T>(run: () => Promise<T>): Promise<T | null> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof ApiError) return null;
    throw err;
  }
}

/**
 * The latest outcome and trust events. Filtering by type is done by the API when it can, else here (the
 * same window, so the feed may hold fewer entries, never wrong ones).
 */
async function recentOutcomes(api: Api, lastSeq: number): Promise<EventEnvelope[]> {
  const after = Math.max(0, lastSeq - SEED_EVENTS);
  try {
    const page = await api.get<{ events: EventEnvelope[] }>("/events", {
      after,
      limit: SEED_EVENTS,
      types: SEED_TYPES.join(","),
    });
    return page.events;
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 400) return [];
  }
  const all = await optional(() =>
    api.get<{ events: EventEnvelope[] }>("/events", { after, limit: SEED_EVENTS }),
  );
  return (all?.events ?? []).filter((e) => SEED_TYPES.includes(e.type));
}

export async function loadOverview(api: Api): Promise<OverviewData> {
  const [state, list, analytics, firing] = await Promise.all([
    api.get<GovState>("/governance/state"),
    api.get<{ agents: AgentView[] }>("/agents"),
    // Quarter-hour buckets: the trust chart's history is the last value in each bucket.
    optional(() => api.get<Analytics>("/analytics", { buckets: TRUST_BUCKETS })),
    optional(() => api.get<{ alerts: RuleAlert[] }>("/alerts", { state: "firing", limit: 50 })),
  ]);
  const recent = await recentOutcomes(api, state.lastSeq);
  const agents: AgentCard[] = list.agents.map((a) => ({
    id: a.id,
    name: a.name,
    trust: a.trust,
    status: a.status,
    drifting: a.drifting,
    lastOutcome: a.lastOutcome,
    lastResultAt: a.lastResultAt,
  }));
  return { state, ruleAlerts: firing?.alerts ?? [], agents, analytics, recent };
}
