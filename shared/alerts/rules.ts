import type { AlertRules } from "../schemas/alerts";
import type { WindowCounts } from "./success-window";
import type { ActiveAlert, AlertSnapshot, Observation, ObservedEvent } from "./types";

/**
 * One function per rule: from what happened and the state now, what the rule observes. A rule
 * says nothing about a subject it has no news on, so an alert only changes when there is evidence.
 */

const pct = (x: number) => `${Number((x * 100).toFixed(1))}%`;
const trust = (x: number) => Number(x.toFixed(3)).toString();

export function spanText(ms: number): string {
  if (ms % 60_000 === 0) return ms === 60_000 ? "minute" : `${ms / 60_000} minutes`;
  const s = Number((ms / 1000).toFixed(1));
  return s === 1 ? "second" : `${s} seconds`;
}

export const isFiring = (active: ActiveAlert[], rule: string, subject: string | null): boolean =>
  active.some((a) => a.rule === rule && a.subject === subject);

/**
 * Fires on enough evidence (at least minResults in the window) of a low rate. Resolves once the
 * rate is back at the threshold, or the window holds no results at all: too few results to fire
 * a new alert are not proof that the old trouble is over, but an empty window says nothing fails.
 */
export function observeSuccessRate(
  rule: AlertRules["successRate"],
  counts: WindowCounts,
  firing: boolean,
): Observation | null {
  const total = counts.successes + counts.failures;
  const span = `the last ${spanText(rule.windowMs)}`;
  const base = { rule: "successRate" as const, subject: null, threshold: rule.threshold };
  if (total === 0) {
    return firing
      ? {
          ...base,
          firing: false,
          value: null,
          summary: `No task results in ${span}: nothing is failing now.`,
        }
      : null;
  }
  const rate = counts.successes / total;
  const measured = `${pct(rate)} over ${span} (${counts.successes} of ${total} results)`;
  if (rate < rule.threshold && total >= rule.minResults) {
    return {
      ...base,
      firing: true,
      value: rate,
      summary: `Success rate was ${measured}, below the ${pct(rule.threshold)} threshold.`,
    };
  }
  if (firing && rate >= rule.threshold)
    return { ...base, firing: false, value: rate, summary: `Success rate recovered to ${measured}.` };
  return null;
}

export function observeCircuit(snapshot: AlertSnapshot, events: ObservedEvent[]): Observation {
  const base = { rule: "circuitOpen" as const, subject: null, threshold: snapshot.circuitFailureRate };
  if (snapshot.circuit === "closed")
    return {
      ...base,
      firing: false,
      value: null,
      summary: "The circuit breaker closed: its probe tasks succeeded and assignment resumed.",
    };
  const opened = [...events].reverse().find((e) => e.type === "circuit.opened");
  const failureRate = typeof opened?.data.failureRate === "number" ? opened.data.failureRate : null;
  const why =
    opened?.data.reason === "blast_radius"
      ? "so many agents were failing that suppressing more would leave a capability unserved"
      : opened?.data.reason === "probe_failed"
        ? "a probe task failed"
        : failureRate !== null
          ? `${pct(failureRate)} of recent results failed, above the ${pct(snapshot.circuitFailureRate)} limit`
          : `recent results failed above the ${pct(snapshot.circuitFailureRate)} limit`;
  return {
    ...base,
    firing: true,
    value: failureRate,
    summary: `The circuit breaker is ${snapshot.circuit === "open" ? "open" : "half-open"}: ${why}. No new tasks are assigned until it closes.`,
  };
}

export function observeNoActiveAgent(snapshot: AlertSnapshot): Observation {
  const base = { rule: "noActiveAgent" as const, subject: null, threshold: 1 };
  const active = snapshot.agents.filter((a) => a.status === "active");
  const registered = snapshot.agents.length;
  if (active.length > 0) {
    const names = active
      .slice(0, 3)
      .map((a) => a.name)
      .join(", ");
    return {
      ...base,
      firing: false,
      value: active.length,
      summary: `${active.length} of ${registered} agents active again (${names}${active.length > 3 ? ", …" : ""}).`,
    };
  }
  if (registered === 0 && snapshot.queued === 0)
    return { ...base, firing: false, value: 0, summary: "No agent is registered and no task is waiting." };
  const byStatus = new Map<string, number>();
  for (const a of snapshot.agents) byStatus.set(a.status, (byStatus.get(a.status) ?? 0) + 1);
  const statuses = [...byStatus]
    .map(([status, n]) => `${n} ${status === "probation" ? "on probation" : status}`)
    .join(", ");
  const fleet = registered === 0 ? "no agent is registered" : `${registered} registered (${statuses})`;
  const queued = snapshot.queued === 1 ? "1 task is queued" : `${snapshot.queued} tasks are queued`;
  return {
    ...base,
    firing: true,
    value: 0,
    summary: `No agent is active: ${fleet}, and ${queued}.`,
  };
}

/**
 * Compares each agent's trust at the open and the close of every cycle that closed. A firing
 * alert resolves at the first later close where the agent held within the limit (or is gone).
 */
export function observeTrustDrops(
  rule: AlertRules["trustDrop"],
  events: ObservedEvent[],
  snapshot: AlertSnapshot,
  active: ActiveAlert[],
): Observation[] {
  const out: Observation[] = [];
  const name = (id: string) => snapshot.agents.find((a) => a.id === id)?.name ?? id;
  const firing = new Set(active.filter((a) => a.rule === "trustDrop").map((a) => a.subject));
  for (const e of events) {
    if (e.type !== "cycle.completed") continue;
    const before = numbers(e.data.trustBefore);
    const after = numbers(e.data.trustAfter);
    const cycle = typeof e.data.number === "number" ? `cycle ${e.data.number}` : "one cycle";
    const ids = new Set([...Object.keys(before), ...[...firing].filter((s): s is string => s !== null)]);
    for (const id of ids) {
      const from = before[id];
      const to = after[id];
      const base = { rule: "trustDrop" as const, subject: id, threshold: rule.threshold };
      if (from === undefined || to === undefined) {
        if (firing.has(id)) {
          out.push({
            ...base,
            firing: false,
            value: null,
            summary: `Agent ${name(id)} is no longer registered.`,
          });
          firing.delete(id);
        }
        continue;
      }
      const drop = from - to;
      // The tolerance keeps float dust (0.2000000001) from deciding a drop that sits on the limit.
      if (drop > rule.threshold + 1e-9) {
        out.push({
          ...base,
          firing: true,
          value: drop,
          summary: `Trust of agent ${name(id)} fell from ${trust(from)} to ${trust(to)} within ${cycle}, more than the ${trust(rule.threshold)} limit.`,
        });
        firing.add(id);
      } else if (firing.has(id)) {
        out.push({
          ...base,
          firing: false,
          value: drop,
          summary: `Trust of agent ${name(id)} held within the limit in ${cycle} (${trust(from)} to ${trust(to)}).`,
        });
        firing.delete(id);
      }
    }
  }
  return out;
}

export function observeWebhooks(
  events: ObservedEvent[],
  snapshot: AlertSnapshot,
  active: ActiveAlert[],
): Observation[] {
  const out: Observation[] = [];
  const base = { rule: "webhookDisabled" as const, value: null, threshold: null };
  for (const e of events) {
    if (e.type !== "webhook.disabled" || typeof e.data.webhookId !== "string") continue;
    const endpoint = snapshot.webhook(e.data.webhookId);
    if (!endpoint || endpoint.enabled) continue;
    const reason = typeof e.data.reason === "string" ? `: ${e.data.reason}` : "";
    out.push({
      ...base,
      subject: e.data.webhookId,
      firing: true,
      summary: `Webhook endpoint ${endpoint.url} was disabled${reason}. It receives no events until it is enabled again.`,
    });
  }
  for (const a of active) {
    if (a.rule !== "webhookDisabled" || a.subject === null) continue;
    const endpoint = snapshot.webhook(a.subject);
    if (!endpoint)
      out.push({ ...base, subject: a.subject, firing: false, summary: "The webhook endpoint was deleted." });
    else if (endpoint.enabled)
      out.push({
        ...base,
        subject: a.subject,
        firing: false,
        summary: `Webhook endpoint ${endpoint.url} was enabled again.`,
      });
  }
  return out;
}

function numbers(value: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value)) if (typeof v === "number") out[k] = v;
  return out;
}
