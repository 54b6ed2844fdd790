import { z } from "@hono/zod-openapi";
import { Timestamp } from "./common";

/**
 * Alert rules and alert instances (decision 019). The rules are one object per tenant: each rule
 * can be switched off and has its own parameters. A PATCH names any subset, down to one field.
 */

export const ALERT_RULES = [
  "successRate",
  "circuitOpen",
  "noActiveAgent",
  "trustDrop",
  "webhookDisabled",
] as const;
export const AlertRuleSchema = z.enum(ALERT_RULES).openapi("AlertRule");
export type AlertRuleName = z.infer<typeof AlertRuleSchema>;

export const AlertSeveritySchema = z.enum(["critical", "warning"]).openapi("AlertSeverity");
export type AlertSeverity = z.infer<typeof AlertSeveritySchema>;

/** A stopped tenant (circuit open, nobody to work) pages someone; the rest is worth a look. */
export const RULE_SEVERITY: Record<AlertRuleName, AlertSeverity> = {
  successRate: "warning",
  circuitOpen: "critical",
  noActiveAgent: "critical",
  trustDrop: "warning",
  webhookDisabled: "warning",
};

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

// Messages name the field because a problem+json `errors[]` entry may be read without its path.
const enabled = (rule: string) =>
  z
    .boolean(`${rule}.enabled must be true or false`)
    .describe("Whether the rule is evaluated; switching it off resolves its open alerts.");

const successRateFields = {
  enabled: enabled("successRate"),
  threshold: z
    .number("successRate.threshold must be a number")
    .gt(0, "successRate.threshold must be greater than 0")
    .max(1, "successRate.threshold must be at most 1")
    .describe("Fires when the share of successful results in the window is below this (default 0.8)."),
  windowMs: z
    .number("successRate.windowMs must be a number")
    .int("successRate.windowMs must be a whole number of milliseconds")
    .min(1000, "successRate.windowMs must be at least 1000 ms")
    .max(DAY, `successRate.windowMs must be at most ${DAY} ms`)
    .describe("The sliding window the rate is measured over (default 300000 ms: 5 minutes)."),
  minResults: z
    .number("successRate.minResults must be a number")
    .int("successRate.minResults must be an integer")
    .min(1, "successRate.minResults must be at least 1")
    .max(100_000, "successRate.minResults must be at most 100000")
    .describe(
      "Results the window must hold before the rule may fire, so one failure on an idle tenant pages nobody (default 20).",
    ),
};

const trustDropFields = {
  enabled: enabled("trustDrop"),
  threshold: z
    .number("trustDrop.threshold must be a number")
    .gt(0, "trustDrop.threshold must be greater than 0")
    .lt(1, "trustDrop.threshold must be less than 1")
    .describe("Fires for an agent whose trust fell by more than this within one cycle (default 0.2)."),
};

const flagOnly = (rule: string) => ({ enabled: enabled(rule) });

const rulesShape = {
  successRate: z.object(successRateFields),
  circuitOpen: z.object(flagOnly("circuitOpen")),
  noActiveAgent: z.object(flagOnly("noActiveAgent")),
  trustDrop: z.object(trustDropFields),
  webhookDisabled: z.object(flagOnly("webhookDisabled")),
};

export const AlertRulesSchema = z.object(rulesShape).openapi("AlertRules", {
  example: {
    successRate: { enabled: true, threshold: 0.8, windowMs: 300_000, minResults: 20 },
    circuitOpen: { enabled: true },
    noActiveAgent: { enabled: true },
    trustDrop: { enabled: true, threshold: 0.2 },
    webhookDisabled: { enabled: true },
  },
});
export type AlertRules = z.infer<typeof AlertRulesSchema>;

export const DEFAULT_ALERT_RULES: AlertRules = {
  successRate: { enabled: true, threshold: 0.8, windowMs: 5 * MINUTE, minResults: 20 },
  circuitOpen: { enabled: true },
  noActiveAgent: { enabled: true },
  trustDrop: { enabled: true, threshold: 0.2 },
  webhookDisabled: { enabled: true },
};

/** PATCH body: any rules, any of their fields; unknown keys are refused (a typo must not pass). */
export const AlertRulesPatchSchema = z
  .strictObject({
    successRate: z.strictObject(successRateFields).partial().optional(),
    circuitOpen: z.strictObject(flagOnly("circuitOpen")).partial().optional(),
    noActiveAgent: z.strictObject(flagOnly("noActiveAgent")).partial().optional(),
    trustDrop: z.strictObject(trustDropFields).partial().optional(),
    webhookDisabled: z.strictObject(flagOnly("webhookDisabled")).partial().optional(),
  })
  .openapi("AlertRulesPatch", {
    example: { successRate: { threshold: 0.9, windowMs: 600_000 }, trustDrop: { enabled: false } },
  });
export type AlertRulesPatch = z.infer<typeof AlertRulesPatchSchema>;

/** Applies a patch field by field; throws a ZodError naming the fields at fault. */
export function mergeAlertRules(current: AlertRules, patch: unknown): AlertRules {
  const parsed = AlertRulesPatchSchema.parse(patch);
  const next: Record<string, unknown> = { ...current };
  for (const rule of ALERT_RULES) {
    const fields = parsed[rule];
    if (!fields) continue;
    const defined = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
    next[rule] = { ...current[rule], ...defined };
  }
  return AlertRulesSchema.parse(next);
}

/** Rules stored before a field existed get that field's default. */
export function withRuleDefaults(stored: unknown): AlertRules {
  const given = (stored ?? {}) as Partial<Record<AlertRuleName, Record<string, unknown>>>;
  const out: Record<string, unknown> = {};
  for (const rule of ALERT_RULES) out[rule] = { ...DEFAULT_ALERT_RULES[rule], ...given[rule] };
  return AlertRulesSchema.parse(out);
}

export const AlertStateSchema = z.enum(["firing", "resolved"]).openapi("AlertState");
export type AlertState = z.infer<typeof AlertStateSchema>;

export const AlertSchema = z
  .object({
    id: z.string().openapi({ example: "alr_01jd0000000000000000000000" }),
    rule: AlertRuleSchema,
    subject: z
      .string()
      .nullable()
      .describe(
        "The agent (trustDrop) or webhook endpoint (webhookDisabled) it is about; null for the tenant.",
      ),
    severity: AlertSeveritySchema,
    state: AlertStateSchema,
    summary: z.string().describe("Why it fired, in plain language."),
    value: z
      .number()
      .nullable()
      .describe("The measured value that crossed the threshold, where there is one."),
    threshold: z.number().nullable(),
    firedAt: Timestamp,
    resolvedAt: Timestamp.nullable(),
    resolution: z.string().nullable().describe("Why it resolved, in plain language; null while firing."),
    durationMs: z.number().int().nullable().describe("How long it fired; null while firing."),
  })
  .openapi("Alert", {
    example: {
      id: "alr_01jd0000000000000000000000",
      rule: "successRate",
      subject: null,
      severity: "warning",
      state: "resolved",
      summary: "Success rate was 45% over the last 5 minutes (9 of 20 results), below the 80% threshold.",
      value: 0.45,
      threshold: 0.8,
      firedAt: "2026-11-22T10:00:00.000Z",
      resolvedAt: "2026-11-22T10:07:30.000Z",
      resolution: "Success rate recovered to 92% over the last 5 minutes (23 of 25 results).",
      durationMs: 450_000,
    },
  });
export type Alert = z.infer<typeof AlertSchema>;

export const AlertListQuery = z.object({
  state: AlertStateSchema.optional().openapi({ description: "Only firing or only resolved alerts." }),
});
