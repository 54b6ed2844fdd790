import type { CycleDetail } from "./types";

/** The cycle record's fields the detail page reads, typed loosely: older records may lack some. */
export interface CycleRecordView {
  startedAt: number | null;
  endedAt: number | null;
  successes: number | null;
  failures: number | null;
  timeouts: number | null;
  rateLimited: number | null;
  rejected: number | null;
  slow: number | null;
  assignments: number | null;
  assignmentsRespectingRules: number | null;
  suppressed: string[];
  redeemed: string[];
  excluded: string[];
  notes: string[];
  direction: string | null;
  delta: number | null;
  reason: string | null;
}

const n = (x: unknown) => (typeof x === "number" && Number.isFinite(x) ? x : null);
const ids = (x: unknown) => (Array.isArray(x) ? x.filter((v): v is string => typeof v === "string") : []);

export function readRecord(c: CycleDetail): CycleRecordView {
  const r = c.reflection;
  const m = c.mutation;
  return {
    startedAt: n(r.startedAt) ?? (Date.parse(c.startedAt) || null),
    endedAt: n(r.endedAt) ?? (Date.parse(c.endedAt) || null),
    successes: n(r.successes),
    failures: n(r.failures),
    timeouts: n(r.timeouts),
    rateLimited: n(r.rateLimited),
    rejected: n(r.rejected),
    slow: n(r.slow),
    assignments: n(r.assignments),
    assignmentsRespectingRules: n(r.assignmentsRespectingRules),
    suppressed: ids(r.suppressed),
    redeemed: ids(r.redeemed),
    excluded: ids(r.excluded),
    notes: ids(r.notes),
    direction: typeof m.direction === "string" ? m.direction : null,
    delta: n(m.delta),
    reason: typeof m.reason === "string" ? m.reason : null,
  };
}

/** Fields the page shows in its own sections; anything else the record holds is listed as is. */
export const SHOWN_FIELDS = new Set([
  "id",
  "number",
  "startedAt",
  "endedAt",
  "results",
  "successes",
  "failures",
  "timeouts",
  "rateLimited",
  "rejected",
  "slow",
  "successRate",
  "meanTrust",
  "assignments",
  "assignmentsRespectingRules",
  "constraintScore",
  "suppressed",
  "redeemed",
  "excluded",
  "thresholdBefore",
  "thresholdAfter",
  "mutation",
  "trustBefore",
  "trustAfter",
  "notes",
]);
