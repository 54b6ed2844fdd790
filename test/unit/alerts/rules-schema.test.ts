import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import {
  AlertRulesSchema,
  DEFAULT_ALERT_RULES,
  mergeAlertRules,
  withRuleDefaults,
} from "../../../shared/schemas/alerts";

function fieldsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ZodError)
      return err.issues.flatMap((i) => [i.path.join("."), ...("keys" in i ? (i.keys as string[]) : [])]);
    throw err;
  }
  return [];
}

describe("alert rules", () => {
  it("default to the documented values and are valid", () => {
    expect(AlertRulesSchema.parse(DEFAULT_ALERT_RULES)).toEqual(DEFAULT_ALERT_RULES);
    expect(DEFAULT_ALERT_RULES.successRate).toEqual({
      enabled: true,
      threshold: 0.8,
      windowMs: 300_000,
      minResults: 20,
    });
    expect(DEFAULT_ALERT_RULES.trustDrop).toEqual({ enabled: true, threshold: 0.2 });
    expect(withRuleDefaults(null)).toEqual(DEFAULT_ALERT_RULES);
    // Stored before a field existed: the field gets its default, the rest is kept.
    expect(withRuleDefaults({ successRate: { threshold: 0.5 } }).successRate).toEqual({
      ...DEFAULT_ALERT_RULES.successRate,
      threshold: 0.5,
    });
  });

  it("merge a partial patch field by field", () => {
    const next = mergeAlertRules(DEFAULT_ALERT_RULES, {
      successRate: { windowMs: 60_000 },
      circuitOpen: { enabled: false },
    });
    expect(next.successRate).toEqual({ ...DEFAULT_ALERT_RULES.successRate, windowMs: 60_000 });
    expect(next.circuitOpen.enabled).toBe(false);
    expect(next.trustDrop).toEqual(DEFAULT_ALERT_RULES.trustDrop);
  });

  it("refuse out-of-range values and unknown fields, naming them", () => {
    expect(fieldsOf(() => mergeAlertRules(DEFAULT_ALERT_RULES, { successRate: { threshold: 1.5 } }))).toEqual(
      ["successRate.threshold"],
    );
    expect(fieldsOf(() => mergeAlertRules(DEFAULT_ALERT_RULES, { successRate: { windowMs: 10 } }))).toEqual([
      "successRate.windowMs",
    ]);
    expect(fieldsOf(() => mergeAlertRules(DEFAULT_ALERT_RULES, { trustDrop: { threshold: 0 } }))).toEqual([
      "trustDrop.threshold",
    ]);
    expect(fieldsOf(() => mergeAlertRules(DEFAULT_ALERT_RULES, { trustDrop: { treshold: 0.3 } }))).toContain(
      "treshold",
    );
    expect(fieldsOf(() => mergeAlertRules(DEFAULT_ALERT_RULES, { latency: { enabled: true } }))).toContain(
      "latency",
    );
  });
});
