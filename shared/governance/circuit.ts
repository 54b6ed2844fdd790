import type { GovernanceConfig } from "./config";
import { noteHappening } from "./cycle";
import { type EngineState, event } from "./state";
import type { CircuitOpenReason, CircuitState, DomainEvent, TaskAttempt } from "./types";

/**
 * Tenant circuit breaker (ARCHITECTURE §3). closed → open on a high failure rate (or when the
 * blast-radius guard refuses a suppression); open → half_open after the cooldown; half_open lets
 * a few low-risk probes through and closes when all succeed, or reopens with a doubled cooldown.
 */

export function freshCircuit(config: GovernanceConfig): CircuitState {
  return {
    state: "closed",
    openedAt: null,
    cooldownMs: config.circuitCooldownMs,
    reopenAt: null,
    window: [],
    probesInFlight: 0,
    probeSuccesses: 0,
  };
}

/**
 * A probe belongs to the current half-open period iff it was assigned after the circuit
 * half-opened; probes of an earlier period were assigned before the reopening that ended it.
 */
export function isCurrentProbe(circuit: CircuitState, attempt: TaskAttempt): boolean {
  return (
    attempt.probe &&
    circuit.state === "half_open" &&
    circuit.reopenAt !== null &&
    attempt.assignedAt >= circuit.reopenAt
  );
}

/** Whether another probe may be assigned right now, and how risky it may be. */
export function probeSlotFree(circuit: CircuitState, config: GovernanceConfig): boolean {
  return (
    circuit.state === "half_open" && circuit.probesInFlight + circuit.probeSuccesses < config.circuitProbes
  );
}

export function openCircuit(
  state: EngineState,
  now: number,
  reason: CircuitOpenReason,
  data: Record<string, unknown>,
  out: DomainEvent[],
  agentId?: string,
): void {
  const c = state.circuit;
  const config = state.config;
  if (c.state === "open") return;
  // Reopening from half_open means the trial failed: wait longer before the next one.
  if (c.state === "half_open") c.cooldownMs = Math.min(config.circuitMaxCooldownMs, c.cooldownMs * 2);
  c.state = "open";
  c.openedAt = now;
  c.reopenAt = now + c.cooldownMs;
  c.probesInFlight = 0;
  c.probeSuccesses = 0;
  const failureRate = typeof data.failureRate === "number" ? data.failureRate : undefined;
  const samples = typeof data.samples === "number" ? data.samples : undefined;
  noteHappening(state, {
    kind: "circuit_opened",
    reason,
    cooldownMs: c.cooldownMs,
    ...(failureRate === undefined ? {} : { failureRate }),
    ...(samples === undefined ? {} : { samples }),
  });
  out.push(
    event("circuit.opened", { reason, ...data, cooldownMs: c.cooldownMs, reopenAt: c.reopenAt }, { agentId }),
  );
}

/** open → half_open once the cooldown has passed. */
export function maybeHalfOpen(state: EngineState, now: number, out: DomainEvent[]): void {
  const c = state.circuit;
  if (c.state !== "open" || c.reopenAt === null || now < c.reopenAt) return;
  c.state = "half_open";
  c.probesInFlight = 0;
  c.probeSuccesses = 0;
  noteHappening(state, { kind: "circuit_half_opened" });
  out.push(
    event("circuit.half_opened", {
      probes: state.config.circuitProbes,
      probeMaxRisk: state.config.circuitProbeMaxRisk,
      cooldownMs: c.cooldownMs,
    }),
  );
}

function close(state: EngineState, out: DomainEvent[]): void {
  const c = state.circuit;
  const probes = c.probeSuccesses;
  c.state = "closed";
  c.openedAt = null;
  c.reopenAt = null;
  c.window = [];
  c.cooldownMs = state.config.circuitCooldownMs;
  c.probesInFlight = 0;
  c.probeSuccesses = 0;
  noteHappening(state, { kind: "circuit_closed" });
  out.push(event("circuit.closed", { probes }));
}

/**
 * Feeds one competence result. `wasProbe` says whether the attempt was a probe of the current
 * half-open period (decided before its slot was released).
 */
export function recordCircuitResult(
  state: EngineState,
  failed: boolean,
  wasProbe: boolean,
  now: number,
  out: DomainEvent[],
): void {
  const c = state.circuit;
  const config = state.config;
  if (c.state === "half_open") {
    if (!wasProbe) return;
    if (failed) {
      openCircuit(state, now, "probe_failed", {}, out);
      return;
    }
    c.probeSuccesses += 1;
    if (c.probeSuccesses >= config.circuitProbes) close(state, out);
    return;
  }
  // While open, stragglers from before the opening say nothing about the recovery.
  if (c.state === "open") return;
  c.window.push(failed);
  while (c.window.length > config.circuitWindow) c.window.shift();
  if (c.window.length < config.circuitMinSamples) return;
  const failures = c.window.reduce((n, f) => n + (f ? 1 : 0), 0);
  const failureRate = failures / c.window.length;
  if (failureRate > config.circuitFailureRate) {
    openCircuit(state, now, "failure_rate", { failureRate, samples: c.window.length, failures }, out);
  }
}

/** Re-fits the breaker to a new config without changing its state. */
export function refitCircuit(circuit: CircuitState, config: GovernanceConfig): void {
  // A closed breaker has no doubled cooldown to keep: its next opening waits the configured time.
  circuit.cooldownMs =
    circuit.state === "closed"
      ? config.circuitCooldownMs
      : Math.min(config.circuitMaxCooldownMs, Math.max(config.circuitCooldownMs, circuit.cooldownMs));
  while (circuit.window.length > config.circuitWindow) circuit.window.shift();
}
