import { ZodError } from "zod";
import { type GovernanceConfig, mergeConfig } from "../shared/governance";
import { fieldPath, problems } from "../shared/problems";
import { auditInput, auditJson } from "./audit-log";
import { fail } from "./hub-result";
import type { HubRuntime } from "./hub-runtime";
import type { CallMeta } from "./tenant-hub";

/** Governance reads and the config change: the state a dashboard or `GET /governance/state` shows. */

export function governanceState(rt: HubRuntime) {
  const { engine, store } = rt;
  const circuit = engine.circuit;
  return {
    config: engine.config,
    threshold: engine.threshold,
    circuit: { state: circuit.state, reopenAt: circuit.reopenAt, cooldownMs: circuit.cooldownMs },
    cycle: engine.currentCycle(),
    agents: engine.agents().map((a) => ({ id: a.id, name: a.name, trust: a.trust, status: a.status })),
    tasks: store.taskCounts(),
    lastSeq: store.latestSeq,
  };
}

/** The patch is validated as a whole against the current config (γ > η, ordered thresholds…). */
export function changeConfig(
  rt: HubRuntime,
  patch: Record<string, unknown>,
  meta: CallMeta,
): GovernanceConfig {
  const before = rt.engine.config;
  let next: GovernanceConfig;
  try {
    next = mergeConfig(rt.engine.config, patch);
  } catch (err) {
    if (err instanceof ZodError)
      fail(problems.validation(err.issues.map((i) => ({ field: fieldPath(i.path), message: i.message }))));
    throw err;
  }
  const now = Date.now();
  rt.commit(rt.engine.setConfig(next, now), meta.correlationId, now);
  rt.requestTick(now);
  const after = rt.engine.config;
  rt.appendAudit(
    auditInput(meta.audit, {
      action: "config.change",
      target: { type: "config", id: null },
      before: auditJson(before),
      after: auditJson(after),
    }),
    now,
  );
  return after;
}
