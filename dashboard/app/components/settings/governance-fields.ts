import type { GovernanceConfig } from "../../../../shared/governance/config";

/**
 * Defaults, bounds and descriptions of every governance parameter, restated from the API's zod
 * schema: importing the schema itself would ship zod to the browser. Keyed by the config type,
 * so a field added or removed there fails the type check here.
 */
export type ConfigKey = keyof GovernanceConfig;

export interface NumberSpec {
  kind: "number";
  min: number;
  max: number;
  /** The bound itself is not allowed (zod `gt` / `lt`). */
  minOpen?: boolean;
  maxOpen?: boolean;
  integer?: boolean;
  /** Durations are whole milliseconds; shown with a readable equivalent. */
  ms?: boolean;
  default: number;
  description: string;
}

export interface BooleanSpec {
  kind: "boolean";
  default: boolean;
  description: string;
}

export type FieldSpec = NumberSpec | BooleanSpec;

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const unit = (d: number, description: string): NumberSpec => ({
  kind: "number",
  min: 0,
  max: 1,
  default: d,
  description,
});
const openUnit = (d: number, description: string): NumberSpec => ({
  kind: "number",
  min: 0,
  max: 1,
  minOpen: true,
  maxOpen: true,
  default: d,
  description,
});
const share = (d: number, description: string): NumberSpec => ({
  kind: "number",
  min: 0,
  max: 1,
  minOpen: true,
  default: d,
  description,
});
const duration = (max: number, d: number, description: string): NumberSpec => ({
  kind: "number",
  min: 0,
  max,
  minOpen: true,
  integer: true,
  ms: true,
  default: d,
  description,
});
const count = (min: number, max: number, d: number, description: string): NumberSpec => ({
  kind: "number",
  min,
  max,
  integer: true,
  default: d,
  description,
});

export const FIELDS: Record<ConfigKey, FieldSpec> = {
  initialTrust: unit(0.5, "Trust a newly registered agent starts with."),
  trustThreshold: unit(
    0.6,
    "Starting trust threshold of the gate; cycles then move it within [thresholdMin, thresholdMax].",
  ),
  riskWeight: unit(0.2, "Extra trust a task needs per unit of risk."),
  maxRequiredTrust: unit(0.95, "Cap on the trust any task can require."),
  learningRate: openUnit(0.05, "η: a success moves trust η of the way to 1."),
  penaltyRate: openUnit(
    0.15,
    "γ: a failure or timeout removes γ of the current trust. Must exceed learningRate.",
  ),
  slowMs: duration(HOUR, 10 * SECOND, "Default latency above which a success counts as slow."),
  agingMaxBoost: unit(0.2, "Largest priority boost a waiting task earns."),
  agingWindowMs: duration(7 * DAY, 2 * MINUTE, "Wait after which the aging boost is full."),
  loadPenalty: unit(0.1, "Rank penalty per unit of an agent's load (inFlight/maxConcurrency)."),
  suppressionThreshold: unit(0.35, "Trust below which an agent is suppressed. Must be below thresholdMin."),
  suppressionBaseMs: duration(
    DAY,
    30 * SECOND,
    "Suppression lasts this long times the agent's suppression count.",
  ),
  suppressionMaxMs: duration(7 * DAY, 10 * MINUTE, "Longest single suppression."),
  forgivenessMs: duration(
    30 * DAY,
    HOUR,
    "Each full period without a suppression forgives one past suppression.",
  ),
  probationMaxConcurrent: count(
    1,
    1000,
    2,
    "Most tasks an agent on probation (or below the gate) may run at once.",
  ),
  probationMaxRisk: unit(0.3, "Highest task risk allowed on probation."),
  probationSuccesses: count(1, 1000, 3, "Consecutive successes on probation that redeem an agent."),
  redemptionTrustBonus: unit(0.1, "A redeemed agent's trust is at least suppressionThreshold plus this."),
  exclusionSuppressions: count(
    1,
    100,
    3,
    "Suppressions within exclusionWindowMs that exclude an agent for good.",
  ),
  exclusionWindowMs: duration(30 * DAY, DAY, "Window for counting suppressions."),
  blastRadiusMaxShare: share(
    0.5,
    "Largest share of the agents serving a capability that may be suppressed at once.",
  ),
  circuitWindow: count(1, 1000, 20, "Results the circuit breaker looks at."),
  circuitFailureRate: openUnit(0.5, "Failure rate above which the circuit opens."),
  circuitMinSamples: count(
    1,
    1000,
    10,
    "Results needed before the failure rate counts. At most circuitWindow.",
  ),
  circuitCooldownMs: duration(DAY, 30 * SECOND, "Time open before the first probes."),
  circuitMaxCooldownMs: duration(
    7 * DAY,
    10 * MINUTE,
    "Cap on the cooldown, which doubles after each failed probe.",
  ),
  circuitProbes: count(1, 100, 3, "Probe tasks that must all succeed to close."),
  circuitProbeMaxRisk: unit(0.3, "Highest task risk used as a probe."),
  driftTrustDrop: share(0.2, "Trust drop within driftWindow results that flags drift."),
  driftWindow: count(
    1,
    1000,
    10,
    "Results looked back for a trust drop; also the consecutive successes that clear the flag.",
  ),
  pageHinkleyDelta: unit(0.1, "Page-Hinkley tolerance: mean shifts smaller than this are ignored."),
  pageHinkleyLambda: {
    kind: "number",
    min: 0,
    max: 1000,
    minOpen: true,
    default: 6,
    description: "Page-Hinkley alarm level: higher means fewer false alarms and later detection.",
  },
  cycleMaxResults: count(1, 100_000, 100, "Results that close a cycle."),
  cycleMaxMs: duration(DAY, MINUTE, "Age at which a cycle with at least one result closes."),
  targetSuccessRate: share(0.9, "Success rate the threshold mutation aims for."),
  mutationBand: {
    kind: "number",
    min: 0,
    max: 0.5,
    default: 0.02,
    description: "Dead band around the target inside which the threshold stays.",
  },
  mutationStep: {
    kind: "number",
    min: 0,
    max: 0.5,
    minOpen: true,
    default: 0.02,
    description: "How far one cycle moves the threshold.",
  },
  thresholdMin: unit(0.5, "Lowest the trust threshold can go."),
  thresholdMax: unit(0.9, "Highest the trust threshold can go."),
  exploration: {
    kind: "boolean",
    default: false,
    description: "Thompson sampling among eligible agents instead of always the most trusted.",
  },
  explorationSeed: count(0, 0xffff_ffff, 1, "Seed of the exploration sampler."),
  taskTimeoutMs: duration(DAY, 30 * SECOND, "Default time an agent has for one attempt."),
  defaultMaxAttempts: count(1, 10, 3, "Attempts a task gets unless it says otherwise."),
  maxRateLimitRequeues: count(0, 100, 5, "Times a rate-limited task is re-queued before it fails."),
  queueTimeoutMs: duration(
    7 * DAY,
    HOUR,
    "Longest a task may wait unassigned after it was submitted; then it fails with reason queue_timeout.",
  ),
};

/** How the form groups the fields, in the order an operator tunes them. */
export const GROUPS: { title: string; fields: ConfigKey[] }[] = [
  {
    title: "Trust gate",
    fields: [
      "initialTrust",
      "trustThreshold",
      "thresholdMin",
      "thresholdMax",
      "riskWeight",
      "maxRequiredTrust",
    ],
  },
  { title: "Learning", fields: ["learningRate", "penaltyRate", "slowMs"] },
  {
    title: "Scheduling",
    fields: ["agingMaxBoost", "agingWindowMs", "loadPenalty", "exploration", "explorationSeed"],
  },
  {
    title: "Suppression and probation",
    fields: [
      "suppressionThreshold",
      "suppressionBaseMs",
      "suppressionMaxMs",
      "forgivenessMs",
      "probationMaxConcurrent",
      "probationMaxRisk",
      "probationSuccesses",
      "redemptionTrustBonus",
      "exclusionSuppressions",
      "exclusionWindowMs",
      "blastRadiusMaxShare",
    ],
  },
  {
    title: "Circuit breaker",
    fields: [
      "circuitWindow",
      "circuitFailureRate",
      "circuitMinSamples",
      "circuitCooldownMs",
      "circuitMaxCooldownMs",
      "circuitProbes",
      "circuitProbeMaxRisk",
    ],
  },
  {
    title: "Drift detection",
    fields: ["driftTrustDrop", "driftWindow", "pageHinkleyDelta", "pageHinkleyLambda"],
  },
  {
    title: "Cycles and threshold mutation",
    fields: ["cycleMaxResults", "cycleMaxMs", "targetSuccessRate", "mutationBand", "mutationStep"],
  },
  {
    title: "Task execution",
    fields: ["taskTimeoutMs", "defaultMaxAttempts", "maxRateLimitRequeues", "queueTimeoutMs"],
  },
];

export const CONFIG_KEYS = Object.keys(FIELDS) as ConfigKey[];

/** "30 s", "10 min", "1 h", "7 d": durations as people say them. */
export function humanMs(ms: number): string {
  if (!Number.isFinite(ms)) return "—";
  const units: [number, string][] = [
    [DAY, "d"],
    [HOUR, "h"],
    [MINUTE, "min"],
    [SECOND, "s"],
  ];
  for (const [size, label] of units)
    if (ms >= size) {
      const v = ms / size;
      return `${Number.isInteger(v) ? v : v.toFixed(1)} ${label}`;
    }
  return `${ms} ms`;
}

/** "0 < x < 1", "1 ≤ x ≤ 1000 (integer)", "0 < x ≤ 1 h". */
export function boundsText(spec: FieldSpec): string {
  if (spec.kind === "boolean") return "on or off";
  const show = (v: number) => (spec.ms ? humanMs(v) : String(v));
  const text = `${spec.min} ${spec.minOpen ? "<" : "≤"} x ${spec.maxOpen ? "<" : "≤"} ${show(spec.max)}`;
  if (spec.ms) return `${text} (whole ms)`;
  return spec.integer ? `${text} (integer)` : text;
}

export function formatValue(key: ConfigKey, value: number | boolean | undefined): string {
  const spec = FIELDS[key];
  if (value === undefined) return "—";
  if (typeof value === "boolean") return value ? "on" : "off";
  return spec.kind === "number" && spec.ms ? `${value} ms (${humanMs(value)})` : String(value);
}
