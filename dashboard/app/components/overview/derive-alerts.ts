import { clock, trust } from "../../lib/format";
import { duration } from "../governance/stamp";
import { agentOf, num, str } from "./derive-agents";
import type { AgentCard, EventEnvelope, GovState, RuleAlert } from "./types";

export interface Alert {
  /** Stable while the condition is the same one: dismissing it hides exactly this occurrence. */
  id: string;
  tone: "bad" | "warn";
  /** Shown as "Agent <name> <text>" with the name linked, when about an agent. */
  agent?: { id: string; name: string };
  text: string;
  time?: string;
  /** Where to look next, for alerts not about an agent. */
  link?: { to: string; label: string };
}

/** Where each alert rule's details live in the dashboard. */
const RULE_LINKS: Record<string, (subject: string | null) => { to: string; label: string }> = {
  successRate: () => ({ to: "/analytics", label: "Analytics" }),
  noActiveAgent: () => ({ to: "/agents", label: "Agents" }),
  trustDrop: (subject) => ({ to: subject ? `/agents/${subject}` : "/agents", label: "Agent details" }),
  webhookDisabled: (subject) => ({
    to: subject ? `/settings/webhooks/${subject}` : "/settings/webhooks",
    label: "Webhook endpoint",
  }),
};

/**
 * The banner slot of a firing rule alert. The circuit rule has none: the circuit's own slot
 * already says more (why it opened, until when).
 */
function ruleSlot(a: RuleAlert): [string, Alert] | null {
  const link = RULE_LINKS[a.rule];
  if (!link) return null;
  return [
    `rule:${a.rule}:${a.subject ?? ""}`,
    {
      id: `rule:${a.id}`,
      tone: a.severity === "critical" ? "bad" : "warn",
      text: a.summary,
      time: a.firedAt,
      link: link(a.subject),
    },
  ];
}

const CAUSES: Record<string, string> = {
  low_trust: "trust fell below the suppression threshold",
  probation_failure: "failed while on probation",
  manual: "by an operator",
};

function circuitText(e: EventEnvelope): string {
  const d = e.data;
  if (e.type === "circuit.half_opened")
    return `Circuit breaker half-open: up to ${num(d.probes) ?? "a few"} probe tasks may run.`;
  const reason = str(d.reason);
  const why =
    reason === "failure_rate"
      ? `${Math.round((num(d.failureRate) ?? 0) * 100)}% of the last ${num(d.samples) ?? "?"} results failed`
      : reason === "probe_failed"
        ? "a probe task failed"
        : "too many agents were suppressed at once";
  const reopen = num(d.reopenAt);
  return `Circuit breaker opened: ${why}; no new tasks${reopen ? ` until ${clock(reopen)} UTC` : ""}.`;
}

function agentText(e: EventEnvelope): string {
  const d = e.data;
  const t = num(d.trust);
  const at = t === null ? "" : ` (trust ${trust(t)})`;
  if (e.type === "agent.excluded")
    return `was excluded after repeated suppressions${at}; only an admin can reinstate it.`;
  if (e.type === "drift.detected") {
    const from = num(d.from);
    const to = num(d.to);
    return from !== null && to !== null
      ? `is drifting: trust fell from ${trust(from)} to ${trust(to)}.`
      : "is drifting: its success rate is falling.";
  }
  const cause = CAUSES[str(d.cause) ?? ""] ?? "";
  const span = num(d.durationMs);
  return `was suppressed${span !== null ? ` for ${duration(span)}` : ""}${cause ? `: ${cause}` : ""}${at}.`;
}

/**
 * What the operator must look at now: the snapshot's conditions first, then every event since,
 * in order, each replacing or clearing the alert in its slot (the circuit, an agent, its drift).
 */
export function alerts(
  state: GovState,
  snapshot: AgentCard[],
  agents: AgentCard[],
  events: EventEnvelope[],
  ruleAlerts: RuleAlert[] = [],
): Alert[] {
  const names = new Map(state.agents.map((a) => [a.id, a.name]));
  for (const a of agents) names.set(a.id, a.name);
  const slots = new Map<string, Alert>();
  const agent = (id: string) => ({ id, name: names.get(id) ?? id });

  const c = state.circuit;
  if (c.state !== "closed") {
    const until = c.reopenAt ? ` until ${clock(c.reopenAt)} UTC` : "";
    slots.set("circuit", {
      id: `circuit@state:${c.state}`,
      tone: c.state === "open" ? "bad" : "warn",
      text:
        c.state === "open"
          ? `Circuit breaker is open: no new tasks${until}.`
          : "Circuit breaker is half-open: probe tasks are running.",
    });
  }
  for (const a of state.agents) {
    if (a.status !== "suppressed" && a.status !== "excluded") continue;
    slots.set(`agent:${a.id}`, {
      id: `agent:${a.id}@state:${a.status}`,
      tone: a.status === "excluded" ? "bad" : "warn",
      agent: agent(a.id),
      text: a.status === "excluded" ? "is excluded; only an admin can reinstate it." : "is suppressed.",
    });
  }
  for (const a of ruleAlerts) {
    const slot = ruleSlot(a);
    if (slot) slots.set(...slot);
  }
  for (const a of snapshot) {
    if (!a.drifting) continue;
    slots.set(`drift:${a.id}`, {
      id: `drift:${a.id}@state`,
      tone: "warn",
      agent: agent(a.id),
      text: "is drifting: its trust or success rate is falling.",
    });
  }

  for (const e of events) {
    if (e.type === "alert.fired" || e.type === "alert.resolved") {
      const d = e.data;
      const rule = str(d.rule) ?? "";
      const subject = str(d.subject);
      if (e.type === "alert.resolved") slots.delete(`rule:${rule}:${subject ?? ""}`);
      else {
        const severity = d.severity === "critical" ? "critical" : "warning";
        const alert = {
          id: str(d.alertId) ?? String(e.seq),
          rule,
          subject,
          severity,
          summary: str(d.summary) ?? rule,
        };
        const slot = ruleSlot({ ...alert, firedAt: e.time } as RuleAlert);
        if (slot) slots.set(...slot);
      }
      continue;
    }
    const id = agentOf(e);
    if (e.type === "circuit.closed") slots.delete("circuit");
    else if (e.type.startsWith("circuit."))
      slots.set("circuit", {
        id: `circuit@${e.seq}`,
        tone: e.type === "circuit.opened" ? "bad" : "warn",
        text: circuitText(e),
        time: e.time,
      });
    if (!id) continue;
    if (e.type === "agent.suppressed" || e.type === "agent.excluded")
      slots.set(`agent:${id}`, {
        id: `agent:${id}@${e.seq}`,
        tone: e.type === "agent.excluded" ? "bad" : "warn",
        agent: agent(id),
        text: agentText(e),
        time: e.time,
      });
    else if (e.type === "drift.detected")
      slots.set(`drift:${id}`, {
        id: `drift:${id}@${e.seq}`,
        tone: "warn",
        agent: agent(id),
        text: agentText(e),
        time: e.time,
      });
    else if (e.type === "agent.reinstated" || e.type === "agent.removed") {
      slots.delete(`agent:${id}`);
      slots.delete(`drift:${id}`);
    } else if (e.type === "agent.updated" && e.data.drifting === false) slots.delete(`drift:${id}`);
  }
  return [...slots.values()];
}
