import type { DomainEvent } from "../shared/governance";
import { newId } from "../shared/ids";
import { problems } from "../shared/problems";
import type { AgentCreate, AgentPatch, AgentView } from "../shared/schemas/agents";
import { fail } from "./hub-result";
import type { HubRuntime } from "./hub-runtime";
import type { AgentRecord, AgentSpec } from "./hub-store";
import { agentView } from "./views";

/** Agent commands of the hub. Each changes the engine, then commits and asks for a tick. */

export function listAgents(rt: HubRuntime): AgentView[] {
  return rt.engine.agents().flatMap((a) => {
    const record = rt.records.get(a.id);
    return record ? [agentView(a, record)] : [];
  });
}

function requireAgent(rt: HubRuntime, id: string): AgentRecord {
  const record = rt.records.get(id);
  if (!record || !rt.engine.agent(id)) fail(problems.notFound(`Agent ${id}`));
  return record;
}

export function viewAgent(rt: HubRuntime, id: string): AgentView {
  const record = requireAgent(rt, id);
  const state = rt.engine.agent(id);
  if (!state) fail(problems.notFound(`Agent ${id}`));
  return agentView(state, record);
}

export function registerAgent(rt: HubRuntime, input: AgentCreate, correlationId: string): AgentView {
  const now = Date.now();
  const id = newId("agt", now);
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
  };
  const state = rt.engine.agent(id);
  if (!state) throw new Error("engine did not register the agent");
  rt.store.insertAgent(state, spec, now);
  rt.records.set(id, { spec, createdAt: now });
  rt.commit(events, correlationId, now);
  rt.requestTick(now);
  return viewAgent(rt, id);
}

/** Governed fields go through the engine; how the agent is executed (endpoint, simulation) is the hub's. */
export function changeAgent(rt: HubRuntime, id: string, patch: AgentPatch, correlationId: string): AgentView {
  const record = requireAgent(rt, id);
  const now = Date.now();
  const { endpoint, simulation, ...governed } = patch;
  const spec: AgentSpec = {
    ...record.spec,
    ...(endpoint !== undefined ? { endpoint } : {}),
    ...(simulation !== undefined ? { simulation } : {}),
  };
  const events = Object.keys(governed).length ? rt.engine.updateAgent(id, governed, now) : [];
  rt.store.updateAgentSpec(id, spec);
  rt.records.set(id, { ...record, spec });
  if (!events.length && (endpoint !== undefined || simulation !== undefined)) {
    events.push({ type: "agent.updated", agentId: id, data: { changes: Object.keys(patch) } });
  }
  rt.commit(events, correlationId, now);
  rt.requestTick(now);
  return viewAgent(rt, id);
}

export function removeAgent(rt: HubRuntime, id: string, correlationId: string): null {
  requireAgent(rt, id);
  const now = Date.now();
  const events = rt.engine.removeAgent(id, now);
  rt.store.deleteAgent(id);
  rt.records.delete(id);
  rt.commit(events, correlationId, now);
  rt.requestTick(now);
  return null;
}

/** Manual controls (trust override, suppress, reinstate): the engine emits the audited events. */
export function controlAgent(
  rt: HubRuntime,
  id: string,
  correlationId: string,
  act: (now: number) => DomainEvent[],
): AgentView {
  requireAgent(rt, id);
  const now = Date.now();
  rt.commit(act(now), correlationId, now);
  rt.requestTick(now);
  return viewAgent(rt, id);
}
