import type { DomainEvent } from "../governance/types";
import type { AlertTransition } from "./types";

/**
 * The `alert.fired` / `alert.resolved` event of a transition. Both carry the same `alertId`; an
 * alert about an agent also names it on the envelope, so agent filters and pages find it.
 */
export function alertEvent(t: AlertTransition): DomainEvent {
  const { alert } = t;
  const data: Record<string, unknown> = {
    alertId: alert.id,
    rule: alert.rule,
    subject: alert.subject,
    severity: t.severity,
    summary: t.summary,
    value: t.value,
    threshold: t.threshold,
  };
  if (t.kind === "resolved") data.durationMs = t.durationMs;
  const e: DomainEvent = { type: t.kind === "fired" ? "alert.fired" : "alert.resolved", data };
  if (alert.rule === "trustDrop" && alert.subject !== null) e.agentId = alert.subject;
  return e;
}
