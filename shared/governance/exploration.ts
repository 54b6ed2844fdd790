/**
 * Seeded randomness for exploration. The generator's whole state is one uint32 kept in the
 * engine snapshot, so a restored engine draws exactly the numbers the original would have.
 */

export interface Rng {
  state: number;
}

export function seedRng(seed: number): Rng {
  return { state: seed >>> 0 };
}

/** mulberry32: tiny, fast, and good enough for picking among agents (not for secrets). */
export function nextUint32(rng: Rng): number {
  rng.state = (rng.state + 0x6d2b79f5) >>> 0;
  let t = rng.state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
}

/** Uniform in the open interval (0, 1): the samplers below take logarithms. */
export function nextUniform(rng: Rng): number {
  return (nextUint32(rng) + 0.5) / 4_294_967_296;
}

/** Standard normal via Box–Muller (one value per call keeps the state a single number). */
export function nextNormal(rng: Rng): number {
  const u = nextUniform(rng);
  const v = nextUniform(rng);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Gamma(shape, 1) by Marsaglia–Tsang; shapes below 1 use the boost Gamma(a+1)·U^(1/a). */
export function nextGamma(rng: Rng, shape: number): number {
  if (shape < 1) return nextGamma(rng, shape + 1) * nextUniform(rng) ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = nextNormal(rng);
    const base = 1 + c * x;
    if (base <= 0) continue;
    const v = base * base * base;
    const u = nextUniform(rng);
    if (u < 1 - 0.0331 * x ** 4) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Beta(a, b) as X/(X+Y) with X ~ Gamma(a), Y ~ Gamma(b). */
export function nextBeta(rng: Rng, a: number, b: number): number {
  const x = nextGamma(rng, a);
  const y = nextGamma(rng, b);
  return x / (x + y);
}

/**
 * Thompson sampling: one Beta(successes+1, failures+1) draw per candidate; the highest draw wins,
 * ties to the earlier candidate. Timeouts count as failures here: both cost the agent trust.
 */
export function thompsonPick<T>(
  rng: Rng,
  candidates: readonly T[],
  record: (c: T) => { successes: number; failures: number },
): T | undefined {
  let best: T | undefined;
  let bestDraw = -1;
  for (const c of candidates) {
    const r = record(c);
    const draw = nextBeta(rng, r.successes + 1, r.failures + 1);
    if (draw > bestDraw) {
      best = c;
      bestDraw = draw;
    }
  }
  return best;
}
