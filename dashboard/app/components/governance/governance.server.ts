import type { EventEnvelope } from "../../../../shared/events";
import { type Api, ApiError } from "../../lib/api.server";
import type { CycleSummary, GovernanceData, GovState } from "./types";

export const CYCLES_PER_PAGE = 25;
const CIRCUIT_KEPT = 200;
/** The log keeps at most about 10,000 events: a few pages of circuit events reach its end. */
const CIRCUIT_PAGES = 5;

/** Circuit transitions, newest first: the log is read oldest first, so page to its end. */
async function circuitHistory(api: Api): Promise<EventEnvelope[] | null> {
  let after = 0;
  let kept: EventEnvelope[] = [];
  try {
    for (let i = 0; i < CIRCUIT_PAGES; i++) {
      const page = await api.get<{ events: EventEnvelope[]; nextAfter: number }>("/events", {
        after,
        limit: CIRCUIT_KEPT,
        types: "circuit.*",
      });
      kept = [...kept, ...page.events].slice(-CIRCUIT_KEPT);
      if (page.events.length < CIRCUIT_KEPT || page.nextAfter <= after) break;
      after = page.nextAfter;
    }
  } catch (err) {
    if (err instanceof ApiError && err.status === 400) return null;
    throw err;
  }
  return kept.reverse();
}

export async function loadGovernance(api: Api, cursor: string | null): Promise<GovernanceData> {
  const [state, page, circuit] = await Promise.all([
    api.get<GovState>("/governance/state"),
    api.get<{ cycles: CycleSummary[]; nextCursor: string | null }>("/governance/cycles", {
      limit: CYCLES_PER_PAGE,
      cursor: cursor ?? undefined,
    }),
    circuitHistory(api),
  ]);
  return { state, cycles: page.cycles, nextCursor: page.nextCursor, cursor, circuit };
}
