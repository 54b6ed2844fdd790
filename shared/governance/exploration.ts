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

/**
 * Standard normals by the Marsaglia polar method, which yields them in pairs. The spare lives only
 * as long as one source (one Beta draw), so the generator's persisted state stays a single number
 * while a Beta draw still pays for one logarithm and one square root instead of four of each.
 */
export interface NormalSource {
  rng: Rng;
  spare: number;
  hasSpare: boolean;
}

export function normalSource(rng: Rng): NormalSource {
  return { rng, spare: 0, hasSpare: false };
}

export function nextNormal(src: NormalSource): number {
  if (src.hasSpare) {
    src.hasSpare = false;
    return src.spare;
  }
  for (;;) {
    const u = 2 * nextUniform(src.rng) - 1;
    const v = 2 * nextUniform(src.rng) - 1;
    const s = u * u + v * v;
    if (s >= 1 || s === 0) continue;
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    src.spare = v * f;
    src.hasSpare = true;
    return u * f;
  }
}

/** Gamma(shape, 1) by Marsaglia–Tsang; shapes below 1 use the boost Gamma(a+1)·U^(1/a). */
export function nextGamma(rng: Rng, shape: number, normals: NormalSource = normalSource(rng)): number {
  // Gamma(1) is the exponential distribution: one draw instead of a rejection loop. Shape 1 is
  // common here (an agent without failures or without successes yet).
  if (shape === 1) return -Math.log(nextUniform(rng));
  if (shape < 1) return nextGamma(rng, shape + 1, normals) * nextUniform(rng) ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = nextNormal(normals);
    const base = 1 + c * x;
    if (base <= 0) continue;
    const v = base * base * base;
    const u = nextUniform(rng);
    // The cheap squeeze accepts about 98% of draws without a logarithm.
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Beta(a, b) as X/(X+Y) with X ~ Gamma(a), Y ~ Gamma(b). */
export function nextBeta(rng: Rng, a: number, b: number): number {
  // Beta(1, 1) is uniform: a brand-new agent costs one draw.
  if (a === 1 && b === 1) return nextUniform(rng);
  const normals = normalSource(rng);
  const x = nextGamma(rng, a, normals);
  const y = nextGamma(rng, b, normals);
  return x / (x + y);
}
