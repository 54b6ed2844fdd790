import { monotonicFactory } from "ulid";

/**
 * Prefixed, time-sortable ids (ARCHITECTURE §6). A monotonic ULID keeps ids created in the same
 * millisecond in creation order, so "newest first" listings are stable even inside one batch.
 */
export const ID_PREFIXES = [
  "ten",
  "usr",
  "agt",
  "tsk",
  "cyc",
  "evt",
  "key",
  "whk",
  "req",
  "inv",
  "aud",
  "rtk",
  "ses",
  "dlv",
  "alr",
] as const;
export type IdPrefix = (typeof ID_PREFIXES)[number];

const nextUlid = monotonicFactory();

export function newId(prefix: IdPrefix, now: number = Date.now()): string {
  return `${prefix}_${nextUlid(now).toLowerCase()}`;
}

const ID_BODY = /^[0-9a-hjkmnp-tv-z]{26}$/;

/** True when `value` is a well-formed id of the given kind (used to reject malformed path ids early). */
export function isId(prefix: IdPrefix, value: string): boolean {
  return value.startsWith(`${prefix}_`) && ID_BODY.test(value.slice(prefix.length + 1));
}
