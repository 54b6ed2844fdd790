import { ALERT_RULES, type AlertRules, RULE_SEVERITY } from "../schemas/alerts";
import {
  isFiring,
  observeCircuit,
  observeNoActiveAgent,
  observeSuccessRate,
  observeTrustDrops,
  observeWebhooks,
} from "./rules";
import {
  addResults,
  competenceOf,
  fitWindow,
  pruneWindow,
  type SuccessWindow,
  windowCounts,
} from "./success-window";
import type { ActiveAlert, AlertSnapshot, AlertTransition, Observation, ObservedEvent } from "./types";

export interface AlertInput {
  rules: AlertRules;
  /** Alerts firing before these events. */
  active: ActiveAlert[];
  window: SuccessWindow;
  /** New events since the last evaluation (none for a time-driven one). */
  events: ObservedEvent[];
  snapshot: AlertSnapshot;
  now: number;
  newId: () => string;
}

export interface AlertOutput {
  transitions: AlertTransition[];
  /** Alerts firing after the transitions. */
  active: ActiveAlert[];
  window: SuccessWindow;
}

const RULE_NAMES: Record<string, string> = {
  successRate: "success rate",
  circuitOpen: "circuit open",
  noActiveAgent: "no active agent",
  trustDrop: "trust drop",
  webhookDisabled: "webhook disabled",
};

/**
 * The alert evaluator: from the alerts firing, the new events and the state after them, which
 * alerts fire and which resolve. Pure: time and ids are inputs. An alert fires once and resolves
 * once; observations apply in order, so an alert that fires and clears within one batch (two
 * cycles closing together) produces both transitions.
 */
export function evaluateAlerts(input: AlertInput): AlertOutput {
  const { rules, snapshot, events, now } = input;
  const window = countResults(input.window, rules, events, now);
  const active = [...input.active];
  const transitions: AlertTransition[] = [];

  const apply = (o: Observation) => {
    const at = active.findIndex((a) => a.rule === o.rule && a.subject === o.subject);
    const measured = { summary: o.summary, value: o.value, threshold: o.threshold };
    if (o.firing && at < 0) {
      const alert: ActiveAlert = { id: input.newId(), rule: o.rule, subject: o.subject, firedAt: now };
      active.push(alert);
      transitions.push({
        kind: "fired",
        alert,
        severity: RULE_SEVERITY[o.rule],
        ...measured,
        durationMs: null,
      });
    } else if (!o.firing && at >= 0) {
      const [alert] = active.splice(at, 1);
      if (alert)
        transitions.push({
          kind: "resolved",
          alert,
          severity: RULE_SEVERITY[o.rule],
          ...measured,
          durationMs: Math.max(0, now - alert.firedAt),
        });
    }
  };

  // A rule switched off takes its open alerts with it: nothing would ever resolve them.
  for (const rule of ALERT_RULES) {
    if (rules[rule].enabled) continue;
    for (const a of active.filter((x) => x.rule === rule))
      apply({
        rule,
        subject: a.subject,
        firing: false,
        value: null,
        threshold: null,
        summary: `The ${RULE_NAMES[rule]} rule was switched off.`,
      });
  }

  if (rules.successRate.enabled) {
    const counts = windowCounts(window, rules.successRate.windowMs, now);
    const o = observeSuccessRate(rules.successRate, counts, isFiring(active, "successRate", null));
    if (o) apply(o);
  }
  if (rules.circuitOpen.enabled) apply(observeCircuit(snapshot, events));
  if (rules.noActiveAgent.enabled) apply(observeNoActiveAgent(snapshot));
  if (rules.trustDrop.enabled)
    for (const o of observeTrustDrops(rules.trustDrop, events, snapshot, active)) apply(o);
  if (rules.webhookDisabled.enabled) for (const o of observeWebhooks(events, snapshot, active)) apply(o);

  return { transitions, active, window };
}

/** Counted whether or not the rule is on, so switching it on finds a full window. */
function countResults(
  previous: SuccessWindow,
  rules: AlertRules,
  events: ObservedEvent[],
  now: number,
): SuccessWindow {
  const windowMs = rules.successRate.windowMs;
  let successes = 0;
  let failures = 0;
  for (const e of events) {
    const ok = competenceOf(e);
    if (ok === true) successes += 1;
    else if (ok === false) failures += 1;
  }
  return addResults(pruneWindow(fitWindow(previous, windowMs), windowMs, now), now, successes, failures);
}
