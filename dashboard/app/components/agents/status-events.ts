import type { EventEnvelope } from "../../../../shared/events";
import { trust } from "../../lib/format";
import type { Marker } from "../time-chart";
import type { StatusEvent } from "./types";

type Tone = Marker["tone"];

/** How an operator should read each lifecycle event on the chart and the timeline. */
export function statusTone(type: string): Tone {
  switch (type) {
    case "agent.suppressed":
    case "agent.excluded":
      return "bad";
    case "agent.probation":
    case "drift.detected":
      return "warn";
    case "agent.reinstated":
      return "good";
    default:
      return "info";
  }
}

export function statusLabel(type: string): string {
  const label: Record<string, string> = {
    "agent.registered": "registered",
    "agent.suppressed": "suppressed",
    "agent.probation": "probation",
    "agent.reinstated": "reinstated",
    "agent.excluded": "excluded",
    "agent.removed": "removed",
    "drift.detected": "drift detected",
  };
  return label[type] ?? type;
}

/** The events that make an agent's status history (what history stores in `status`). */
export const STATUS_EVENT_TYPES = [
  "agent.registered",
  "agent.suppressed",
  "agent.probation",
  "agent.reinstated",
  "agent.excluded",
  "agent.removed",
  "drift.detected",
];

const STATUS_OF: Record<string, string> = {
  "agent.registered": "active",
  "agent.suppressed": "suppressed",
  "agent.probation": "probation",
  "agent.reinstated": "active",
  "agent.excluded": "excluded",
  "agent.removed": "removed",
  "drift.detected": "drifting",
};

/** A live event in the shape the history endpoint returns. */
export function statusEventOf(e: EventEnvelope): StatusEvent {
  return { seq: e.seq, at: e.time, type: e.type, status: STATUS_OF[e.type] ?? e.type, detail: e.data };
}

/** `45 s`, `5 min`, `2 h 30 min`: how long a suppression lasts. */
export function duration(msTotal: number): string {
  const s = Math.round(msTotal / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
}

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const text = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);

/** One line that says why it happened, from the event's data. */
export function statusDetail(ev: StatusEvent): string {
  const d = (typeof ev.detail === "object" && ev.detail !== null ? ev.detail : {}) as Record<string, unknown>;
  const parts: string[] = [];
  switch (ev.type) {
    case "agent.suppressed": {
      if (text(d.reason)) parts.push(String(d.reason));
      const dur = num(d.durationMs);
      if (dur !== null) parts.push(`for ${duration(dur)}`);
      if (num(d.count) !== null) parts.push(`suppression #${d.count}`);
      if (d.manual === true) parts.push("manual");
      break;
    }
    case "agent.probation": {
      const need = num(d.successesNeeded);
      if (need !== null) parts.push(`needs ${need} successes in a row`);
      if (num(d.maxConcurrent) !== null) parts.push(`at most ${d.maxConcurrent} at once`);
      if (num(d.maxRisk) !== null) parts.push(`risk ≤ ${d.maxRisk}`);
      break;
    }
    case "agent.reinstated":
      if (d.by === "redemption") parts.push(`earned back after ${num(d.successes) ?? "enough"} successes`);
      else
        parts.push(
          `by an admin${text(d.from) ? ` from ${d.from}` : ""}${text(d.reason) ? `: ${d.reason}` : ""}`,
        );
      break;
    case "agent.excluded":
      if (text(d.reason)) parts.push(String(d.reason));
      if (num(d.suppressions) !== null) parts.push(`${d.suppressions} suppressions in the window`);
      break;
    case "drift.detected":
      if (d.kind === "trust_drop" && num(d.from) !== null && num(d.to) !== null)
        parts.push(`trust fell ${trust(num(d.from))} → ${trust(num(d.to))}`);
      else if (text(d.kind)) parts.push(`${String(d.kind).replace("_", "-")} change in success rate`);
      break;
    case "agent.removed":
      if (text(d.status)) parts.push(`was ${d.status}`);
      break;
  }
  const t = num(d.trust);
  if (t !== null && ev.type !== "drift.detected") parts.push(`trust ${trust(t)}`);
  return parts.join(" · ");
}
