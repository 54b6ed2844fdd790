import type { DomainEvent } from "../shared/governance";
import { problems } from "../shared/problems";
import type { AgentCreate, AgentPatch, AgentView } from "../shared/schemas/agents";
import { type AuditChange, auditInput, auditJson } from "./audit-log";
import { fail } from "./hub-result";
import type { HubRuntime } from "./hub-runtime";
import type { AgentRecord, AgentSpec } from "./hub-store";
import { firstSecret, rotateSecrets } from "./signing-secrets";
import type { CallMeta } from "./tenant-hub";
import { agentView } from "./views";

/**
 * Agent commands of the hub. Each changes the engine, commits, writes its audit row in the same
 * synchronous turn (so the change and its record commit together), and asks for a tick.
 */

const target = (id: string) => ({ type: "agent", id });

function audit(rt: HubRuntime, meta: CallMeta, change: AuditChange, now: number): void {
  rt.appendAudit(auditInput(meta.audit, { reason: meta.reason ?? null, ...change }), now);
}

export function listAgents(rt: HubRuntime): AgentView[] {
  return rt.engine.agents().flatMap((a) => {
    const record = rt.records.get(a.id);
    return record ? [agentView(a, record, rt.llmUsage.agent(a.id))] : [];
  });
}

/**
 * Secrets the Worker sealed for the agent before calling the hub: the hub never sees plaintext.
 * `apiKey`: undefined leaves the provider key as it is, null removes it.
 */
export interface SealedAgentSecrets {
  apiKey?: string | null;
  signingSecret?: string;
}

/** What registering and changing an agent take: the API's input without its plaintext key. */
export type AgentCreateInput = Omit<AgentCreate, "apiKey">;
export type AgentPatchInput = Omit<AgentPatch, "apiKey">;

function requireAgent(rt: HubRuntime, id: string): AgentRecord {
  const record = rt.records.get(id);
  if (!record || !rt.engine.agent(id)) fail(problems.notFound(`Agent ${id}`));
  return record;
}

export function viewAgent(rt: HubRuntime, id: string): AgentView {
  const record = requireAgent(rt, id);
  const state = rt.engine.agent(id);
  if (!state) fail(problems.notFound(`Agent ${id}`));
  return agentView(state, record, rt.llmUsage.agent(id));
}

export function registerAgent(
  rt: HubRuntime,
  id: string,
  input: AgentCreateInput,
  sealed: SealedAgentSecrets,
  meta: CallMeta,
): AgentView {
  const now = Date.now();
  if (rt.records.has(id)) fail(problems.conflict(`Agent ${id} already exists.`));
  const events = rt.engine.registerAgent(
    {
      id,
      name: input.name,
      capabilities: input.capabilities,
      maxConcurrency: input.maxConcurrency,
      ...(input.slowMs !== undefined ? { slowMs: input.slowMs } : {}),
      ...(input.timeoutMs !== undefined ? { timeoutMs: input.timeoutMs } : {}),
    },
    now,
  );
  const spec: AgentSpec = {
    kind: input.kind,
    endpoint: input.endpoint ?? null,
    simulation: input.simulation ?? null,
    ...(input.kind === "llm" ? { llm: input.llm ?? null, apiKeySealed: sealed.apiKey ?? null } : {}),
    ...(input.kind === "http" && sealed.signingSecret
      ? { signingSecrets: firstSecret(sealed.signingSecret, now), secretRotatedAt: null }
      : {}),
  };
  const state = rt.engine.agent(id);
  if (!state) throw new Error("engine did not register the agent");
  rt.store.insertAgent(state, spec, now);
  rt.records.set(id, { spec, createdAt: now });
  rt.commit(events, meta.correlationId, now);
  rt.requestTick(now);
  const view = viewAgent(rt, id);
  audit(rt, meta, { action: "agent.register", target: target(id), after: auditJson(view) }, now);
  return view;
}

/** Governed fields go through the engine; how the agent is executed (endpoint, simulation) is the hub's. */
export function changeAgent(
  rt: HubRuntime,
  id: string,
  patch: AgentPatchInput,
  sealed: SealedAgentSecrets,
  meta: CallMeta,
): AgentView {
  const record = requireAgent(rt, id);
  const before = auditJson(viewAgent(rt, id));
  const now = Date.now();
  const { endpoint, simulation, llm, ...governed } = patch;
  if (llm !== undefined && record.spec.kind !== "llm")
    fail(problems.validation([{ field: "llm", message: "only an llm agent has llm settings" }]));
  if (sealed.apiKey !== undefined && record.spec.kind !== "llm")
    fail(problems.validation([{ field: "apiKey", message: "only an llm agent takes an apiKey" }]));
  const spec: AgentSpec = {
    ...record.spec,
    ...(endpoint !== undefined ? { endpoint } : {}),
    ...(simulation !== undefined ? { simulation } : {}),
    ...(llm !== undefined ? { llm } : {}),
    ...(sealed.apiKey !== undefined ? { apiKeySealed: sealed.apiKey } : {}),
  };
  const events = Object.keys(governed).length ? rt.engine.updateAgent(id, governed, now) : [];
  rt.store.updateAgentSpec(id, spec);
  rt.records.set(id, { ...record, spec });
  const executionChanged = [endpoint, simulation, llm, sealed.apiKey].some((v) => v !== undefined);
  if (!events.length && executionChanged) {
    const changes = Object.keys(patch);
    if (sealed.apiKey !== undefined) changes.push("apiKey");
    events.push({ type: "agent.updated", agentId: id, data: { changes } });
  }
  rt.commit(events, meta.correlationId, now);
  rt.requestTick(now);
  const view = viewAgent(rt, id);
  audit(rt, meta, { action: "agent.update", target: target(id), before, after: auditJson(view) }, now);
  return view;
}

/** A new signing secret for an http agent; the secrets before it keep signing for `graceMs`. */
export function rotateAgentSecret(
  rt: HubRuntime,
  id: string,
  sealedSecret: string,
  graceMs: number,
  meta: CallMeta,
): { previousSecretExpiresAt: string } {
  const record = requireAgent(rt, id);
  if (record.spec.kind !== "http")
    fail(problems.conflict(`Agent ${id} is not an http agent: only http agents sign requests.`));
  const now = Date.now();
  const { secrets, retireAt } = rotateSecrets(record.spec.signingSecrets ?? [], sealedSecret, graceMs, now);
  const spec: AgentSpec = { ...record.spec, signingSecrets: secrets, secretRotatedAt: now };
  rt.store.updateAgentSpec(id, spec);
  rt.records.set(id, { ...record, spec });
  const previousSecretExpiresAt = new Date(retireAt).toISOString();
  audit(
    rt,
    meta,
    { action: "agent.rotate_secret", target: target(id), after: auditJson({ previousSecretExpiresAt }) },
    now,
  );
  return { previousSecretExpiresAt };
}

export function removeAgent(rt: HubRuntime, id: string, meta: CallMeta): null {
  const before = auditJson(viewAgent(rt, id));
  const now = Date.now();
  const events = rt.engine.removeAgent(id, now);
  rt.store.deleteAgent(id);
  rt.records.delete(id);
  rt.llmUsage.forgetAgent(id);
  rt.commit(events, meta.correlationId, now);
  rt.requestTick(now);
  audit(rt, meta, { action: "agent.remove", target: target(id), before }, now);
  return null;
}

/** A manual control and what its audit row shows of the agent before and after it. */
export interface Control {
  action: "agent.trust_override" | "agent.suppress" | "agent.reinstate";
  reason: string;
  facet: (view: AgentView) => Record<string, unknown>;
  act: (now: number) => DomainEvent[];
}

export const trustFacet = (v: AgentView) => ({ trust: v.trust });
export const statusFacet = (v: AgentView) => ({ status: v.status, suppressedUntil: v.suppressedUntil });

/** Manual controls (trust override, suppress, reinstate): each needs a reason, which the audit row keeps. */
export function controlAgent(rt: HubRuntime, id: string, meta: CallMeta, control: Control): AgentView {
  const before = auditJson(control.facet(viewAgent(rt, id)));
  const now = Date.now();
  rt.commit(control.act(now), meta.correlationId, now);
  rt.requestTick(now);
  const view = viewAgent(rt, id);
  audit(
    rt,
    meta,
    {
      action: control.action,
      target: target(id),
      reason: control.reason,
      before,
      after: auditJson(control.facet(view)),
    },
    now,
  );
  return view;
}
