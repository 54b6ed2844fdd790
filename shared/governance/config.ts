import { z } from "zod";

/**
 * Governance configuration: one flat object per tenant (ARCHITECTURE §3). Every field has a
 * default, a range and a description, so the same schema validates PATCH bodies, fills in a new
 * tenant, and documents itself in the OpenAPI document.
 */

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// Messages name the field because a problem+json `errors[]` entry may be read without its path.
const unit = (field: string) =>
  z
    .number(`${field} must be a number`)
    .min(0, `${field} must be at least 0`)
    .max(1, `${field} must be at most 1`);

const openUnit = (field: string) =>
  z
    .number(`${field} must be a number`)
    .gt(0, `${field} must be greater than 0`)
    .lt(1, `${field} must be less than 1`);

const share = (field: string) =>
  z
    .number(`${field} must be a number`)
    .gt(0, `${field} must be greater than 0`)
    .max(1, `${field} must be at most 1`);

const duration = (field: string, max: number) =>
  z
    .number(`${field} must be a number`)
    .int(`${field} must be a whole number of milliseconds`)
    .positive(`${field} must be positive`)
    .max(max, `${field} must be at most ${max} ms`);

const count = (field: string, min: number, max: number) =>
  z
    .number(`${field} must be a number`)
    .int(`${field} must be an integer`)
    .min(min, `${field} must be at least ${min}`)
    .max(max, `${field} must be at most ${max}`);

const fields = {
  initialTrust: unit("initialTrust").describe("Trust a newly registered agent starts with."),
  trustThreshold: unit("trustThreshold").describe(
    "Starting trust threshold of the gate; cycles then move it within [thresholdMin, thresholdMax].",
  ),
  riskWeight: unit("riskWeight").describe("Extra trust a task needs per unit of risk."),
  maxRequiredTrust: unit("maxRequiredTrust").describe("Cap on the trust any task can require."),
  learningRate: openUnit("learningRate").describe("η: a success moves trust η of the way to 1."),
  penaltyRate: openUnit("penaltyRate").describe(
    "γ: a failure or timeout removes γ of the current trust. Must exceed learningRate.",
  ),
  slowMs: duration("slowMs", HOUR).describe("Default latency above which a success counts as slow."),
  agingMaxBoost: unit("agingMaxBoost").describe("Largest priority boost a waiting task earns."),
  agingWindowMs: duration("agingWindowMs", 7 * DAY).describe("Wait after which the aging boost is full."),
  loadPenalty: unit("loadPenalty").describe(
    "Rank penalty per unit of an agent's load (inFlight/maxConcurrency).",
  ),
  suppressionThreshold: unit("suppressionThreshold").describe(
    "Trust below which an agent is suppressed. Must be below thresholdMin.",
  ),
  suppressionBaseMs: duration("suppressionBaseMs", DAY).describe(
    "Suppression lasts this long times the agent's suppression count.",
  ),
  suppressionMaxMs: duration("suppressionMaxMs", 7 * DAY).describe("Longest single suppression."),
  forgivenessMs: duration("forgivenessMs", 30 * DAY).describe(
    "Each full period without a suppression forgives one past suppression.",
  ),
  probationMaxConcurrent: count("probationMaxConcurrent", 1, 1000).describe(
    "Most tasks an agent on probation (or below the gate) may run at once.",
  ),
  probationMaxRisk: unit("probationMaxRisk").describe("Highest task risk allowed on probation."),
  probationSuccesses: count("probationSuccesses", 1, 1000).describe(
    "Consecutive successes on probation that redeem an agent.",
  ),
  redemptionTrustBonus: unit("redemptionTrustBonus").describe(
    "A redeemed agent's trust is at least suppressionThreshold plus this.",
  ),
  exclusionSuppressions: count("exclusionSuppressions", 1, 100).describe(
    "Suppressions within exclusionWindowMs that exclude an agent for good.",
  ),
  exclusionWindowMs: duration("exclusionWindowMs", 30 * DAY).describe("Window for counting suppressions."),
  blastRadiusMaxShare: share("blastRadiusMaxShare").describe(
    "Largest share of the agents serving a capability that may be suppressed at once.",
  ),
  circuitWindow: count("circuitWindow", 1, 1000).describe("Results the circuit breaker looks at."),
  circuitFailureRate: openUnit("circuitFailureRate").describe("Failure rate above which the circuit opens."),
  circuitMinSamples: count("circuitMinSamples", 1, 1000).describe(
    "Results needed before the failure rate counts. At most circuitWindow.",
  ),
  circuitCooldownMs: duration("circuitCooldownMs", DAY).describe("Time open before the first probes."),
  circuitMaxCooldownMs: duration("circuitMaxCooldownMs", 7 * DAY).describe(
    "Cap on the cooldown, which doubles after each failed probe.",
  ),
  circuitProbes: count("circuitProbes", 1, 100).describe("Probe tasks that must all succeed to close."),
  circuitProbeMaxRisk: unit("circuitProbeMaxRisk").describe("Highest task risk used as a probe."),
  driftTrustDrop: share("driftTrustDrop").describe("Trust drop within driftWindow results that flags drift."),
  driftWindow: count("driftWindow", 1, 1000).describe(
    "Results looked back for a trust drop; also the consecutive successes that clear the flag.",
  ),
  pageHinkleyDelta: z
    .number("pageHinkleyDelta must be a number")
    .min(0, "pageHinkleyDelta must be at least 0")
    .max(1, "pageHinkleyDelta must be at most 1")
    .describe("Page-Hinkley tolerance: mean shifts smaller than this are ignored."),
  pageHinkleyLambda: z
    .number("pageHinkleyLambda must be a number")
    .gt(0, "pageHinkleyLambda must be greater than 0")
    .max(1000, "pageHinkleyLambda must be at most 1000")
    .describe("Page-Hinkley alarm level: higher means fewer false alarms and later detection."),
  cycleMaxResults: count("cycleMaxResults", 1, 100_000).describe("Results that close a cycle."),
  cycleMaxMs: duration("cycleMaxMs", DAY).describe("Age at which a cycle with at least one result closes."),
  targetSuccessRate: share("targetSuccessRate").describe("Success rate the threshold mutation aims for."),
  mutationBand: z
    .number("mutationBand must be a number")
    .min(0, "mutationBand must be at least 0")
    .max(0.5, "mutationBand must be at most 0.5")
    .describe("Dead band around the target inside which the threshold stays."),
  mutationStep: z
    .number("mutationStep must be a number")
    .gt(0, "mutationStep must be greater than 0")
    .max(0.5, "mutationStep must be at most 0.5")
    .describe("How far one cycle moves the threshold."),
  thresholdMin: unit("thresholdMin").describe("Lowest the trust threshold can go."),
  thresholdMax: unit("thresholdMax").describe("Highest the trust threshold can go."),
  exploration: z
    .boolean("exploration must be true or false")
    .describe("Thompson sampling among eligible agents instead of always the most trusted."),
  explorationSeed: count("explorationSeed", 0, 0xffff_ffff).describe("Seed of the exploration sampler."),
  taskTimeoutMs: duration("taskTimeoutMs", DAY).describe("Default time an agent has for one attempt."),
  defaultMaxAttempts: count("defaultMaxAttempts", 1, 10).describe(
    "Attempts a task gets unless it says otherwise.",
  ),
  maxRateLimitRequeues: count("maxRateLimitRequeues", 0, 100).describe(
    "Times a rate-limited task is re-queued before it fails.",
  ),
  queueTimeoutMs: duration("queueTimeoutMs", 7 * DAY).describe(
    "Longest a task may wait unassigned after it was submitted; then it fails with reason queue_timeout.",
  ),
};

type Fields = typeof fields;
type FieldValues = { [K in keyof Fields]: z.output<Fields[K]> };

const DEFAULT_VALUES: FieldValues = {
  initialTrust: 0.5,
  trustThreshold: 0.6,
  riskWeight: 0.2,
  maxRequiredTrust: 0.95,
  learningRate: 0.05,
  penaltyRate: 0.15,
  slowMs: 10 * SECOND,
  agingMaxBoost: 0.2,
  agingWindowMs: 2 * MINUTE,
  loadPenalty: 0.1,
  suppressionThreshold: 0.35,
  suppressionBaseMs: 30 * SECOND,
  suppressionMaxMs: 10 * MINUTE,
  forgivenessMs: HOUR,
  probationMaxConcurrent: 2,
  probationMaxRisk: 0.3,
  probationSuccesses: 3,
  redemptionTrustBonus: 0.1,
  exclusionSuppressions: 3,
  exclusionWindowMs: DAY,
  blastRadiusMaxShare: 0.5,
  circuitWindow: 20,
  circuitFailureRate: 0.5,
  circuitMinSamples: 10,
  circuitCooldownMs: 30 * SECOND,
  circuitMaxCooldownMs: 10 * MINUTE,
  circuitProbes: 3,
  circuitProbeMaxRisk: 0.3,
  driftTrustDrop: 0.2,
  driftWindow: 10,
  // Page-Hinkley on a 0/1 outcome stream: see drift.ts for how these two were chosen.
  pageHinkleyDelta: 0.1,
  pageHinkleyLambda: 6,
  cycleMaxResults: 100,
  cycleMaxMs: MINUTE,
  targetSuccessRate: 0.9,
  mutationBand: 0.02,
  mutationStep: 0.02,
  thresholdMin: 0.5,
  thresholdMax: 0.9,
  exploration: false,
  explorationSeed: 1,
  taskTimeoutMs: 30 * SECOND,
  defaultMaxAttempts: 3,
  maxRateLimitRequeues: 5,
  queueTimeoutMs: HOUR,
};

type Defaulted<S extends Record<string, z.ZodType>> = { [K in keyof S]: z.ZodDefault<S[K]> };

function withDefaults<S extends Record<string, z.ZodType>>(
  shape: S,
  values: { [K in keyof S]: z.output<S[K]> },
): Defaulted<S> {
  const out: Record<string, z.ZodType> = {};
  const given: Record<string, unknown> = values;
  for (const [key, schema] of Object.entries(shape)) out[key] = schema.default(given[key] as never);
  return out as unknown as Defaulted<S>;
}

/** Rules that tie fields together; each issue points at the field an operator should change. */
function checkRelations(c: FieldValues, ctx: z.RefinementCtx): void {
  const issue = (path: keyof FieldValues, message: string) =>
    ctx.addIssue({ code: "custom", path: [path], message });
  // γ ≤ η would let a flaky agent gain trust overall; the asymmetry is the point of the design.
  if (c.penaltyRate <= c.learningRate) {
    issue(
      "penaltyRate",
      `penaltyRate (${c.penaltyRate}) must be greater than learningRate (${c.learningRate})`,
    );
  }
  if (c.thresholdMin > c.thresholdMax) {
    issue(
      "thresholdMin",
      `thresholdMin (${c.thresholdMin}) must not exceed thresholdMax (${c.thresholdMax})`,
    );
  }
  if (c.trustThreshold < c.thresholdMin || c.trustThreshold > c.thresholdMax) {
    issue(
      "trustThreshold",
      `trustThreshold (${c.trustThreshold}) must lie within [thresholdMin, thresholdMax] = [${c.thresholdMin}, ${c.thresholdMax}]`,
    );
  }
  // Otherwise an agent could pass the gate while being suppressible.
  if (c.suppressionThreshold >= c.thresholdMin) {
    issue(
      "suppressionThreshold",
      `suppressionThreshold (${c.suppressionThreshold}) must be less than thresholdMin (${c.thresholdMin})`,
    );
  }
  if (c.suppressionMaxMs < c.suppressionBaseMs) {
    issue(
      "suppressionMaxMs",
      `suppressionMaxMs (${c.suppressionMaxMs}) must be at least suppressionBaseMs (${c.suppressionBaseMs})`,
    );
  }
  if (c.circuitMinSamples > c.circuitWindow) {
    issue(
      "circuitMinSamples",
      `circuitMinSamples (${c.circuitMinSamples}) must not exceed circuitWindow (${c.circuitWindow})`,
    );
  }
  if (c.circuitMaxCooldownMs < c.circuitCooldownMs) {
    issue(
      "circuitMaxCooldownMs",
      `circuitMaxCooldownMs (${c.circuitMaxCooldownMs}) must be at least circuitCooldownMs (${c.circuitCooldownMs})`,
    );
  }
}

export const GovernanceConfigSchema = z
  .object(withDefaults(fields, DEFAULT_VALUES))
  .superRefine(checkRelations);
export type GovernanceConfig = z.infer<typeof GovernanceConfigSchema>;

export const DEFAULT_CONFIG: GovernanceConfig = GovernanceConfigSchema.parse({});

/** PATCH body: any subset of the fields, no defaults, unknown keys rejected (a typo must not pass). */
export const GovernanceConfigPatchSchema = z.strictObject(fields).partial();
export type GovernanceConfigPatch = z.infer<typeof GovernanceConfigPatchSchema>;

/** Applies a patch and validates the result as a whole; throws a ZodError naming the fields. */
export function mergeConfig(current: GovernanceConfig, patch: unknown): GovernanceConfig {
  const parsed = GovernanceConfigPatchSchema.parse(patch);
  const defined = Object.fromEntries(Object.entries(parsed).filter(([, v]) => v !== undefined));
  return GovernanceConfigSchema.parse({ ...current, ...defined });
}

/** Field names whose values differ, in schema order. */
export function configChanges(
  before: GovernanceConfig,
  after: GovernanceConfig,
): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(fields) as (keyof GovernanceConfig)[]) {
    if (before[key] !== after[key]) changes[key] = { from: before[key], to: after[key] };
  }
  return changes;
}

export interface ConfigFieldDoc {
  field: keyof GovernanceConfig;
  description: string;
  default: number | boolean;
}

/** One line per field for docs and the dashboard's settings page. */
export function describeConfig(): ConfigFieldDoc[] {
  return (Object.keys(fields) as (keyof Fields)[]).map((field) => ({
    field,
    description: fields[field].description ?? "",
    default: DEFAULT_VALUES[field],
  }));
}
