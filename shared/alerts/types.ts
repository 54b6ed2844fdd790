import type { AgentStatus, CircuitStateName } from "../governance/types";
import type { AlertRuleName, AlertSeverity } from "../schemas/alerts";

/** An alert instance is one (rule, subject): the agent or endpoint it is about, or null for the tenant. */
export interface AlertKey {
  rule: AlertRuleName;
  subject: string | null;
}

export interface ActiveAlert extends AlertKey {
  id: string;
  firedAt: number;
}

/** What a rule says about one subject right now, with the numbers and the sentence behind it. */
export interface Observation extends AlertKey {
  firing: boolean;
  summary: string;
  value: number | null;
  threshold: number | null;
}

/** The part of the hub's state the rules look at, read after the events were applied. */
export interface AlertSnapshot {
  circuit: CircuitStateName;
  /** The failure rate above which the circuit opens (the circuitOpen alert's threshold). */
  circuitFailureRate: number;
  agents: { id: string; name: string; status: AgentStatus }[];
  queued: number;
  /** Looked up only for endpoints an alert is about; null when the endpoint no longer exists. */
  webhook: (id: string) => { url: string; enabled: boolean } | null;
}

/** Events as the log holds them; only type, agent and data matter here. */
export interface ObservedEvent {
  type: string;
  agentId?: string;
  data: Record<string, unknown>;
}

export interface AlertTransition {
  kind: "fired" | "resolved";
  alert: ActiveAlert;
  severity: AlertSeverity;
  summary: string;
  value: number | null;
  threshold: number | null;
  /** Resolved only: how long the alert fired. */
  durationMs: number | null;
}
