import type { ExecutionMessage, ExecutionResult } from "./types";

/** Success probability of a degraded agent when its profile does not say. */
export const DEFAULT_DEGRADED_SUCCESS_RATE = 0.2;
/** Back-off a simulated agent asks for when it rate-limits. */
export const SIMULATED_RETRY_AFTER_MS = 1_000;
/** Latencies are clamped to this multiple of the profile's median. */
export const LATENCY_CAP_FACTOR = 5;
/** Spread (σ of the underlying normal) of the log-normal latency draw: ~±35 % around the median. */
export const LATENCY_SIGMA = 0.3;
/** A rate-limited answer comes back quickly: this fraction of the drawn latency. */
export const RATE_LIMIT_LATENCY_FACTOR = 0.1;

export interface SimulateOptions {
  /** How to wait out the simulated latency; defaults to a real timer. Tests inject a no-op. */
  sleep?: (ms: number) => Promise<void>;
}

/** 32-bit FNV-1a over the UTF-16 code units of `input`. */
export function fnv1a32(input: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < input.length; i++) {
    hash ^= input.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** mulberry32: a tiny, fast, well-distributed 32-bit PRNG. Returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The random stream of one attempt: identical for the same (seed, taskId, attempt). */
export function attemptRng(seed: number, taskId: string, attempt: number): () => number {
  return mulberry32(fnv1a32(`${seed}:${taskId}:${attempt}`));
}

/**
 * A log-normal draw with the given median, clamped to [0, LATENCY_CAP_FACTOR × median], in whole ms.
 * `u1` and `u2` are uniforms in [0, 1) (Box–Muller).
 */
export function drawLatency(medianMs: number, u1: number, u2: number): number {
  if (!(medianMs > 0)) return 0;
  const z = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  const ms = medianMs * Math.exp(LATENCY_SIGMA * z);
  return Math.round(Math.min(LATENCY_CAP_FACTOR * medianMs, Math.max(0, ms)));
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs one attempt against a simulated agent. Deterministic for a given (seed, taskId, attempt):
 * the draws are, in order, timeout, rate limit, success, then two for the latency. The executor
 * really waits the drawn latency (so concurrency looks like real traffic) except for a drawn
 * timeout, which is reported at once with latency = the agent's timeout. Never throws.
 */
export async function simulate(
  message: ExecutionMessage,
  options: SimulateOptions = {},
): Promise<ExecutionResult> {
  const sim = message.agent.simulation;
  if (!sim) return { outcome: "rejected", latencyMs: 0, detail: "simulated agent has no simulation profile" };
  const sleep = options.sleep ?? defaultSleep;
  const timeoutMs = message.agent.timeoutMs;

  const rng = attemptRng(sim.seed ?? 0, message.taskId, message.attempt);
  const uTimeout = rng();
  const uRateLimit = rng();
  const uSuccess = rng();
  const latency = drawLatency(sim.latencyMs, rng(), rng());

  if (uTimeout < (sim.timeoutRate ?? 0)) {
    return { outcome: "timeout", latencyMs: timeoutMs, detail: "simulated timeout" };
  }

  const degraded = sim.degradeAfter !== undefined && message.agentTaskNumber > sim.degradeAfter;
  const successRate = degraded ? (sim.degradedSuccessRate ?? DEFAULT_DEGRADED_SUCCESS_RATE) : sim.successRate;

  let result: ExecutionResult;
  if (uRateLimit < (sim.rateLimitRate ?? 0)) {
    result = {
      outcome: "rate_limited",
      latencyMs: Math.round(latency * RATE_LIMIT_LATENCY_FACTOR),
      retryAfterMs: SIMULATED_RETRY_AFTER_MS,
      detail: "simulated 429",
    };
  } else if (uSuccess < successRate) {
    result = {
      outcome: "success",
      latencyMs: latency,
      detail: degraded ? "simulated 200 (degraded)" : "simulated 200",
    };
  } else {
    result = { outcome: "failure", latencyMs: latency, detail: "simulated 500" };
  }

  // The caller would have given up at the agent's timeout: wait that long and report a timeout.
  if (result.latencyMs > timeoutMs) {
    await wait(sleep, timeoutMs);
    return { outcome: "timeout", latencyMs: timeoutMs, detail: `timeout after ${timeoutMs} ms` };
  }
  await wait(sleep, result.latencyMs);
  return result;
}

async function wait(sleep: (ms: number) => Promise<void>, ms: number): Promise<void> {
  if (ms <= 0) return;
  try {
    await sleep(ms);
  } catch {
    // A failing sleep only shortens the simulated wait; the outcome stands.
  }
}
