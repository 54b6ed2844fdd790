import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import {
  DEFAULT_CONFIG,
  describeConfig,
  GovernanceConfigPatchSchema,
  GovernanceConfigSchema,
  mergeConfig,
} from "../../../shared/governance";

function issuesOf(fn: () => unknown): { path: PropertyKey[]; message: string }[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ZodError) return e.issues.map((i) => ({ path: i.path, message: i.message }));
    throw e;
  }
  throw new Error("expected a ZodError");
}

describe("governance config", () => {
  it("has the documented defaults", () => {
    expect(DEFAULT_CONFIG).toMatchObject({
      initialTrust: 0.5,
      trustThreshold: 0.6,
      riskWeight: 0.2,
      maxRequiredTrust: 0.95,
      learningRate: 0.05,
      penaltyRate: 0.15,
      slowMs: 10_000,
      agingMaxBoost: 0.2,
      agingWindowMs: 120_000,
      loadPenalty: 0.1,
      suppressionThreshold: 0.35,
      suppressionBaseMs: 30_000,
      suppressionMaxMs: 600_000,
      forgivenessMs: 3_600_000,
      probationMaxConcurrent: 2,
      probationMaxRisk: 0.3,
      probationSuccesses: 3,
      redemptionTrustBonus: 0.1,
      exclusionSuppressions: 3,
      exclusionWindowMs: 86_400_000,
      blastRadiusMaxShare: 0.5,
      circuitWindow: 20,
      circuitFailureRate: 0.5,
      circuitMinSamples: 10,
      circuitCooldownMs: 30_000,
      circuitMaxCooldownMs: 600_000,
      circuitProbes: 3,
      circuitProbeMaxRisk: 0.3,
      driftTrustDrop: 0.2,
      driftWindow: 10,
      pageHinkleyDelta: 0.1,
      pageHinkleyLambda: 6,
      cycleMaxResults: 100,
      cycleMaxMs: 60_000,
      targetSuccessRate: 0.9,
      mutationBand: 0.02,
      mutationStep: 0.02,
      thresholdMin: 0.5,
      thresholdMax: 0.9,
      exploration: false,
      explorationSeed: 1,
      taskTimeoutMs: 30_000,
      defaultMaxAttempts: 3,
      maxRateLimitRequeues: 5,
      queueTimeoutMs: 3_600_000,
    });
    expect(GovernanceConfigSchema.parse({})).toEqual(DEFAULT_CONFIG);
  });

  it("rejects penaltyRate ≤ learningRate on the penaltyRate field", () => {
    const issues = issuesOf(() => mergeConfig(DEFAULT_CONFIG, { penaltyRate: 0.05 }));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toEqual(["penaltyRate"]);
    expect(issues[0]?.message).toMatch(/penaltyRate.*greater than learningRate/);
    expect(() => mergeConfig(DEFAULT_CONFIG, { learningRate: 0.2 })).toThrow(/penaltyRate/);
  });

  it("rejects thresholdMin > thresholdMax", () => {
    const issues = issuesOf(() =>
      mergeConfig(DEFAULT_CONFIG, { thresholdMin: 0.8, thresholdMax: 0.7, trustThreshold: 0.75 }),
    );
    expect(issues.map((i) => i.path)).toContainEqual(["thresholdMin"]);
    expect(issues.find((i) => i.path[0] === "thresholdMin")?.message).toMatch(/thresholdMin.*thresholdMax/);
  });

  it("names the other cross-field rules' fields", () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ trustThreshold: 0.95 }, "trustThreshold"],
      [{ suppressionThreshold: 0.5 }, "suppressionThreshold"],
      [{ suppressionMaxMs: 10_000 }, "suppressionMaxMs"],
      [{ circuitMinSamples: 30 }, "circuitMinSamples"],
      [{ circuitMaxCooldownMs: 1_000 }, "circuitMaxCooldownMs"],
    ];
    for (const [patch, field] of cases) {
      const issues = issuesOf(() => mergeConfig(DEFAULT_CONFIG, patch));
      expect(issues.map((i) => i.path)).toContainEqual([field]);
      expect(issues.find((i) => i.path[0] === field)?.message).toContain(field);
    }
  });

  it("checks ranges with messages that name the field", () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ initialTrust: 1.5 }, "initialTrust must be at most 1"],
      [{ riskWeight: -0.1 }, "riskWeight must be at least 0"],
      [{ learningRate: 0 }, "learningRate must be greater than 0"],
      [{ penaltyRate: 1 }, "penaltyRate must be less than 1"],
      [{ slowMs: 0 }, "slowMs must be positive"],
      [{ taskTimeoutMs: 1.5 }, "taskTimeoutMs must be a whole number of milliseconds"],
      [{ defaultMaxAttempts: 11 }, "defaultMaxAttempts must be at most 10"],
      [{ blastRadiusMaxShare: 0 }, "blastRadiusMaxShare must be greater than 0"],
      [{ explorationSeed: 1.5 }, "explorationSeed must be an integer"],
      [{ exploration: "yes" }, "exploration must be true or false"],
      [{ cycleMaxMs: 10 ** 12 }, "cycleMaxMs must be at most"],
    ];
    for (const [patch, message] of cases) {
      const field = Object.keys(patch)[0];
      const issues = issuesOf(() => mergeConfig(DEFAULT_CONFIG, patch));
      expect(issues[0]?.path).toEqual([field]);
      expect(issues[0]?.message).toContain(message);
    }
  });

  it("merges a valid patch and keeps the rest", () => {
    const merged = mergeConfig(DEFAULT_CONFIG, { trustThreshold: 0.7, exploration: true });
    expect(merged.trustThreshold).toBe(0.7);
    expect(merged.exploration).toBe(true);
    expect(merged.penaltyRate).toBe(0.15);
  });

  it("rejects unknown fields in a patch", () => {
    expect(() => mergeConfig(DEFAULT_CONFIG, { penaltyRat: 0.2 })).toThrow(ZodError);
    expect(GovernanceConfigPatchSchema.safeParse({ penaltyRate: 0.2 }).success).toBe(true);
    expect(GovernanceConfigPatchSchema.parse({})).toEqual({});
  });

  it("describes every field for the API docs", () => {
    const docs = describeConfig();
    expect(docs.map((d) => d.field).sort()).toEqual(Object.keys(DEFAULT_CONFIG).sort());
    for (const d of docs) {
      expect(d.description.length).toBeGreaterThan(10);
      expect(d.default).toBe(DEFAULT_CONFIG[d.field]);
    }
  });
});
