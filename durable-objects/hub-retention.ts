import { encodeTime } from "ulid";
import { GENESIS_HASH } from "../shared/audit-chain";
import { isTerminal } from "../shared/governance";
import type { HubRuntime } from "./hub-runtime";
import type { HubStore } from "./hub-store";

/**
 * What the hub forgets on the retention run (decision 020). The hub is the live picture, D1 the
 * history: a finished task whose history is in D1 has no reason to stay here, and at a steady
 * stream of tasks the hub would otherwise grow without bound. Open tasks are never touched.
 */

/** A finished task stays in the hub this long, so recent lists and live views still show it. */
export const FINISHED_TASK_GRACE_MS = 3600_000;
/** Tasks dropped per call: each call is one short synchronous turn; the caller calls again while `more`. */
export const TASKS_PER_CALL = 2_000;

export interface HubPruneReport {
  /** Finished tasks dropped (with their agent links and per-task LLM usage). */
  tasks: number;
  /** True when the call stopped at its limit: call again. */
  more: boolean;
}

/** The smallest id of `prefix` minted at `ms`: ids sort by creation time (ULID). */
function firstIdAt(prefix: string, ms: number): string {
  return `${prefix}_${encodeTime(Math.max(0, Math.floor(ms)), 10).toLowerCase()}${"0".repeat(16)}`;
}

export function pruneHub(rt: HubRuntime, now: number): HubPruneReport {
  const flushedSeq = Number(rt.store.getMeta("flushed_seq") ?? "0");
  // Events are appended in time order and a task's final event carries its finishedAt, so a task
  // that finished before the first unflushed event has its history row in D1.
  const unflushedSince = rt.store.eventTimeAfter(flushedSeq);
  const before = Math.min(now - FINISHED_TASK_GRACE_MS, unflushedSince ?? Number.POSITIVE_INFINITY);
  const candidates = rt.store.finishedTasksBefore(before, firstIdAt("tsk", before), TASKS_PER_CALL);
  // A task the engine still holds is live, whatever its row says.
  const finished = candidates.filter((t) => isTerminal(t.status) && !rt.engine.task(t.id));
  rt.store.forgetTasks(finished);
  // The replay window the alarm keeps (ARCHITECTURE §4): an idle hub has no alarm to apply it.
  rt.pruneLogs(now);
  return { tasks: finished.length, more: candidates.length === TASKS_PER_CALL };
}

// --- the audit chain's retention mark -------------------------------------------------------------

const PRUNED_SEQ = "audit_pruned_seq";
const PRUNED_HASH = "audit_pruned_hash";

/**
 * Where the kept audit chain starts: rows up to `prunedSeq` were deleted by the retention policy,
 * and `prunedHash` is the hash of the last of them, which the first kept row must link to.
 */
export interface AuditPruneMark {
  prunedSeq: number;
  prunedHash: string;
}

export function auditPruneMark(store: HubStore): AuditPruneMark {
  return {
    prunedSeq: Number(store.getMeta(PRUNED_SEQ) ?? "0"),
    prunedHash: store.getMeta(PRUNED_HASH) ?? GENESIS_HASH,
  };
}

/**
 * Moves the mark forward to a row the Worker verified before deleting. Only forward, and never
 * past what the hub flushed: the mark may not hide a row D1 was supposed to receive.
 */
export function advanceAuditPruneMark(rt: HubRuntime, seq: number, hash: string): AuditPruneMark {
  const current = auditPruneMark(rt.store);
  if (!Number.isInteger(seq) || seq <= current.prunedSeq || seq > rt.audit.anchor().flushedSeq)
    return current;
  rt.store.setMeta(PRUNED_SEQ, String(seq));
  rt.store.setMeta(PRUNED_HASH, hash);
  return { prunedSeq: seq, prunedHash: hash };
}
