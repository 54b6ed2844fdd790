import { useCallback, useMemo, useState } from "react";
import { useLiveEvents } from "../../lib/live/live-provider";
import { useThrottledRevalidate } from "../../lib/use-throttled-revalidate";
import { liveAgents } from "./derive-agents";
import { alerts } from "./derive-alerts";
import { feedItems, trustSeries } from "./derive-feed";
import { kpis } from "./derive-kpis";
import { type EventEnvelope, OUTCOME_TYPES, OVERVIEW_TYPES, type OverviewData } from "./types";

/** Results and trust changes come by the thousand; status and circuit changes are rare and all kept. */
const BULK_KEPT = 1000;
const isBulk = (e: EventEnvelope) => e.type === "trust.updated" || OUTCOME_TYPES.includes(e.type);

function keep(events: EventEnvelope[]): EventEnvelope[] {
  let bulk = 0;
  for (const e of events) if (isBulk(e)) bulk += 1;
  if (bulk <= BULK_KEPT) return events;
  let drop = bulk - BULK_KEPT;
  return events.filter((e) => !(isBulk(e) && drop-- > 0));
}

/** Changes the snapshot cannot be patched for (new cycle, circuit, fleet changes): reload soon. */
const RELOAD_SOON = (type: string) =>
  type === "cycle.completed" ||
  type.startsWith("circuit.") ||
  type === "agent.registered" ||
  type === "agent.removed";

/**
 * The overview's state: the loader's snapshot moved forward by every event the socket delivers.
 * Everything is derived, so a reload (revalidation) simply moves the snapshot on.
 */
export function useOverviewLive(data: OverviewData & { now: number }) {
  const [live, setLive] = useState<EventEnvelope[]>([]);
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(() => new Set());
  const soon = useThrottledRevalidate(2_000);
  const later = useThrottledRevalidate(15_000);

  useLiveEvents((events) => {
    setLive((prev) => keep([...prev, ...events]));
    if (events.some((e) => RELOAD_SOON(e.type))) soon();
    else later();
  }, OVERVIEW_TYPES);

  const dismiss = useCallback((id: string) => setDismissed((prev) => new Set(prev).add(id)), []);

  return useMemo(() => {
    const agents = liveAgents(data.agents, live, data.state.lastSeq);
    const lastLive = live.length ? Date.parse(live[live.length - 1]!.time) : 0;
    return {
      agents,
      kpis: kpis(data, agents, live, Math.max(data.now, lastLive)),
      feed: feedItems(data.recent, live),
      trust: trustSeries(agents, data.agents, data.analytics, [...data.recent, ...live], data.now),
      alerts: alerts(data.state, data.agents, agents, live, data.ruleAlerts).filter(
        (a) => !dismissed.has(a.id),
      ),
      dismiss,
    };
  }, [data, live, dismissed, dismiss]);
}
