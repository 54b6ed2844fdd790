import { describe, expect, it } from "vitest";
import {
  nextBeta,
  nextGamma,
  nextUint32,
  nextUniform,
  seedRng,
} from "../../../shared/governance/exploration";

function moments(draw: () => number, n = 20_000) {
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    sum += x;
    sq += x * x;
  }
  const mean = sum / n;
  return { mean, variance: sq / n - mean * mean };
}

describe("seeded sampling", () => {
  it("repeats exactly for a seed and differs across seeds", () => {
    const a = seedRng(1);
    const b = seedRng(1);
    const c = seedRng(2);
    const seqA = Array.from({ length: 5 }, () => nextUint32(a));
    expect(Array.from({ length: 5 }, () => nextUint32(b))).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => nextUint32(c))).not.toEqual(seqA);
  });

  it("keeps uniforms strictly inside (0, 1)", () => {
    const rng = seedRng(3);
    for (let i = 0; i < 10_000; i++) {
      const u = nextUniform(rng);
      expect(u > 0 && u < 1).toBe(true);
    }
    expect(nextUniform({ state: 0xffff_ffff - 0x6d2b79f5 + 1 })).toBeGreaterThan(0);
  });

  it("draws Gamma(k) with mean k and variance k (Marsaglia–Tsang)", () => {
    const rng = seedRng(4);
    for (const k of [0.5, 1, 2.5, 30]) {
      const m = moments(() => nextGamma(rng, k));
      expect(m.mean).toBeCloseTo(k, 0);
      expect(Math.abs(m.mean - k) / k).toBeLessThan(0.05);
      expect(Math.abs(m.variance - k) / k).toBeLessThan(0.1);
    }
  });

  it("draws Beta(a, b) with mean a/(a+b) and the right spread", () => {
    const rng = seedRng(5);
    for (const [a, b] of [
      [1, 1],
      [2, 5],
      [91, 11],
    ] as const) {
      const m = moments(() => nextBeta(rng, a, b));
      const mean = a / (a + b);
      const variance = (a * b) / ((a + b) ** 2 * (a + b + 1));
      expect(Math.abs(m.mean - mean)).toBeLessThan(0.01);
      expect(Math.abs(m.variance - variance) / variance).toBeLessThan(0.1);
    }
  });
});
