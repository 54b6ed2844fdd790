import type { AgentState, TaskState } from "../shared/governance";
import type { AgentView, LlmUsage } from "../shared/schemas/agents";
import type { HubTask, TaskLlmUsage } from "../shared/schemas/tasks";
import type { AgentRecord } from "./hub-store";

const iso = (ms: number | null | undefined): string | null =>
  ms == null ? null : new Date(ms).toISOString();

/** When the latest rotation retires the secrets before it (null when nothing is retiring). */
function retiringAt(record: AgentRecord): number | null {
  const ends = (record.spec.signingSecrets ?? []).flatMap((s) => (s.expiresAt === null ? [] : [s.expiresAt]));
  return ends.length ? Math.max(...ends) : null;
}

export function agentView(state: AgentState, record: AgentRecord, usage: LlmUsage): AgentView {
  const { spec } = record;
  return {
    id: state.id,
    name: state.name,
    kind: record.spec.kind,
    capabilities: state.capabilities,
    maxConcurrency: state.maxConcurrency,
    endpoint: record.spec.endpoint,
    timeoutMs: state.timeoutMs,
    slowMs: state.slowMs,
    simulation: record.spec.simulation,
    llm:
      spec.kind === "llm" && spec.llm ? { ...spec.llm, apiKeyConfigured: Boolean(spec.apiKeySealed) } : null,
    signing:
      spec.kind === "http"
        ? { secretRotatedAt: iso(spec.secretRotatedAt), previousSecretExpiresAt: iso(retiringAt(record)) }
        : null,
    usage,
    trust: state.trust,
    status: state.status,
    drifting: state.drifting,
    inFlight: state.inFlight,
    counters: {
      successes: state.successes,
      failures: state.failures,
      timeouts: state.timeouts,
      rateLimited: state.rateLimited,
      rejected: state.rejected,
      slowSuccesses: state.slowSuccesses,
      suppressions: state.suppressionCount,
    },
    suppressedUntil: iso(state.suppressedUntil),
    lastOutcome: state.lastOutcome,
    lastResultAt: iso(state.lastResultAt),
    createdAt: iso(record.createdAt) ?? new Date(0).toISOString(),
  };
}

export function taskView(
  state: TaskState,
  externalId: string | null,
  usage: TaskLlmUsage | null,
  payload?: unknown,
): HubTask {
  const view: HubTask = {
    id: state.id,
    externalId,
    status: state.status,
    impact: state.impact,
    urgency: state.urgency,
    risk: state.risk,
    capabilities: state.capabilities,
    maxAttempts: state.maxAttempts,
    attempts: state.attempts.map((a) => ({
      attempt: a.attempt,
      agentId: a.agentId,
      probe: a.probe,
      assignedAt: iso(a.assignedAt) ?? "",
      outcome: a.outcome ?? null,
      latencyMs: a.latencyMs ?? null,
      finishedAt: iso(a.finishedAt),
      reason: a.reason ?? null,
      detail: a.detail ?? null,
    })),
    holdReason: state.status === "queued" ? state.holdReason : null,
    reason: state.reason,
    usage,
    createdAt: iso(state.createdAt) ?? "",
    finishedAt: iso(state.finishedAt),
  };
  if (payload !== undefined) view.payloadJson = JSON.stringify(payload);
  return view;
}
