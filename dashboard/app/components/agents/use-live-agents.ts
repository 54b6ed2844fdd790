import { useEffect, useState } from "react";
import { useLiveEvents } from "../../lib/live/live-provider";
import { useThrottledRevalidate } from "../../lib/use-throttled-revalidate";
import { AGENT_EVENT_TYPES, applyAgentEvents, needsReload } from "./agent-events";
import type { Agent } from "./types";

/**
 * The loader's agents, kept current by live events: trust and status are patched in place;
 * registrations and removals reload the list (at most once a second).
 */
export function useLiveAgents(loaded: Agent[]): Agent[] {
  const [agents, setAgents] = useState(loaded);
  useEffect(() => setAgents(loaded), [loaded]);
  const reload = useThrottledRevalidate(1000);

  useLiveEvents((events) => {
    if (events.some(needsReload)) reload();
    const touched = new Set(events.map((e) => e.agentId).filter(Boolean));
    setAgents((list) =>
      list.map((a) =>
        touched.has(a.id)
          ? applyAgentEvents(
              a,
              events.filter((e) => e.agentId === a.id),
            )
          : a,
      ),
    );
  }, AGENT_EVENT_TYPES);

  return agents;
}
