import type { EventEnvelope } from "../../../../shared/events";
import type { GovState } from "../overview/types";

/** The slices of the API's governance answers these pages read. */

export interface CycleSummary {
  id: string;
  number: number;
  startedAt: string;
  endedAt: string;
  results: number;
  successRate: number;
  meanTrust: number;
  constraintScore: number;
  thresholdBefore: number;
  thresholdAfter: number;
}

export interface CycleDetail extends CycleSummary {
  /** The cycle's whole record, as the engine closed it (counts, happenings, plain-language notes). */
  reflection: Record<string, unknown>;
  mutation: Record<string, unknown>;
  trustBefore: Record<string, number>;
  trustAfter: Record<string, number>;
}

export interface GovernanceData {
  state: GovState;
  cycles: CycleSummary[];
  nextCursor: string | null;
  /** This page's cursor (absent on the newest page). */
  cursor: string | null;
  /** Newest first; null when the event log cannot be filtered by type. */
  circuit: EventEnvelope[] | null;
}

export type { EventEnvelope, GovState };
