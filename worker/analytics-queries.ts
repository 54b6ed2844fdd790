import { LATENCY_BOUNDS_MS } from "../shared/schemas/analytics";

/**
 * The SQL behind GET /analytics. Everything is aggregated in D1 (grouped by bucket, agent or
 * latency bin), so a request returns at most agents × buckets rows whatever the traffic.
 *
 * Times are ISO strings written by `toISOString()`, so they compare as text; bucket indexes are
 * computed in integer milliseconds (julianday rounded to the millisecond), so a row never lands
 * in a neighbouring bucket through floating-point error.
 */
export interface AnalyticsWindow {
  tenantId: string;
  fromMs: number;
  toMs: number;
  bucketMs: number;
  agentId: string | undefined;
}

const atMs = "CAST(ROUND((julianday(at) - 2440587.5) * 86400000.0) AS INTEGER)";
/** ?4 is from (ms), ?5 the bucket length (ms); both bound as numbers, so cast for integer division. */
const bucketOf = `(${atMs} - CAST(?4 AS INTEGER)) / CAST(?5 AS INTEGER)`;
const SUCCESS = "outcome = 'success'";
/** The outcomes that cost trust (shared/governance/learning.ts isFailure). */
const FAILURE = "outcome IN ('failure', 'timeout')";

const binOf = `CASE ${LATENCY_BOUNDS_MS.map((b, i) => `WHEN latency_ms <= ${b} THEN ${i}`).join(" ")} ELSE ${LATENCY_BOUNDS_MS.length} END`;

export interface CellRow {
  agent_id: string;
  b: number;
  attempts: number;
  succeeded: number;
  failed: number;
}
export interface TrustRow {
  agent_id: string;
  b: number;
  trust: number;
  at: string;
}
export interface BinRow {
  bin: number;
  n: number;
  total: number;
}
export interface PercentileRow {
  p50: number | null;
  p95: number | null;
  p99: number | null;
}
export interface CycleRow {
  id: string;
  number: number;
  ended_at: string;
  success_rate: number;
  mean_trust: number;
  threshold_before: number;
  threshold_after: number;
}

export interface AnalyticsRows {
  cells: CellRow[];
  trustLast: TrustRow[];
  trustFirst: TrustRow[];
  bins: BinRow[];
  percentiles: PercentileRow | undefined;
  cycles: CycleRow[];
  cycleCount: number;
}

const MAX_CYCLES = 500;

/** One D1 batch (one round trip, one consistent snapshot) for the whole report. */
export async function queryAnalytics(db: D1Database, w: AnalyticsWindow): Promise<AnalyticsRows> {
  const from = new Date(w.fromMs).toISOString();
  const to = new Date(w.toMs).toISOString();
  // ?1 tenant, ?2 from, ?3 to, ?4 from (ms), ?5 bucket (ms), ?6 agent.
  const scope = `tenant_id = ?1 AND at >= ?2 AND at < ?3${w.agentId ? " AND agent_id = ?6" : ""}`;
  const args = [w.tenantId, from, to, w.fromMs, w.bucketMs, w.agentId ?? null];
  // SQLite counts numbered parameters up to the highest one a statement names: bind exactly those.
  const bind = (sql: string) => db.prepare(sql).bind(...args.slice(0, highestParam(sql)));
  const [cells, trustLast, trustFirst, bins, percentiles, cycles, cycleCount] = await db.batch<unknown>([
    bind(
      `SELECT agent_id, ${bucketOf} AS b, COUNT(*) AS attempts, SUM(${SUCCESS}) AS succeeded, SUM(${FAILURE}) AS failed
       FROM task_attempts WHERE ${scope} GROUP BY agent_id, b`,
    ),
    // SQLite takes the bare columns of a MAX() aggregate from the row holding the maximum: the
    // last trust of each agent in each bucket.
    bind(
      `SELECT agent_id, ${bucketOf} AS b, MAX(seq) AS seq, trust_after AS trust, at
       FROM trust_history WHERE ${scope} GROUP BY agent_id, b`,
    ),
    // And the trust each agent held before its first change in the window.
    bind(
      `SELECT agent_id, 0 AS b, MIN(seq) AS seq, trust_before AS trust, at
       FROM trust_history WHERE ${scope} GROUP BY agent_id`,
    ),
    bind(
      `SELECT ${binOf} AS bin, COUNT(*) AS n, SUM(latency_ms) AS total
       FROM task_attempts WHERE ${scope} AND latency_ms IS NOT NULL GROUP BY bin`,
    ),
    // Exact nearest-rank percentiles in one sort: CUME_DIST is the share of rows at or below a
    // row's latency, so the p-th percentile is the smallest latency whose share reaches p.
    // (The histogram alone would only bound them by its bins.)
    bind(
      `SELECT MIN(CASE WHEN cd >= 0.5 THEN latency_ms END) AS p50,
              MIN(CASE WHEN cd >= 0.95 THEN latency_ms END) AS p95,
              MIN(CASE WHEN cd >= 0.99 THEN latency_ms END) AS p99
       FROM (SELECT latency_ms, CUME_DIST() OVER (ORDER BY latency_ms) AS cd
             FROM task_attempts WHERE ${scope} AND latency_ms IS NOT NULL)`,
    ),
    bind(
      `SELECT id, number, ended_at, success_rate, mean_trust, threshold_before, threshold_after
       FROM cycles WHERE tenant_id = ?1 AND ended_at >= ?2 AND ended_at < ?3
       ORDER BY number DESC LIMIT ${MAX_CYCLES}`,
    ),
    bind(`SELECT COUNT(*) AS n FROM cycles WHERE tenant_id = ?1 AND ended_at >= ?2 AND ended_at < ?3`),
  ]);
  return {
    cells: (cells?.results ?? []) as CellRow[],
    trustLast: (trustLast?.results ?? []) as TrustRow[],
    trustFirst: (trustFirst?.results ?? []) as TrustRow[],
    bins: (bins?.results ?? []) as BinRow[],
    percentiles: (percentiles?.results ?? [])[0] as PercentileRow | undefined,
    cycles: ((cycles?.results ?? []) as CycleRow[]).reverse(),
    cycleCount: ((cycleCount?.results ?? [])[0] as { n: number } | undefined)?.n ?? 0,
  };
}

function highestParam(sql: string): number {
  let max = 0;
  for (const m of sql.matchAll(/\?(\d+)/g)) max = Math.max(max, Number(m[1]));
  return max;
}
