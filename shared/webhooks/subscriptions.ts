import { EVENT_TYPES } from "../events";

/**
 * What an endpoint subscribes to: exact event types, a whole family (`task.*`), or everything
 * (`*`). Families are derived from the known types so a typo such as `tsak.*` is refused instead
 * of silently matching nothing.
 */
export const EVENT_FAMILIES = [...new Set(EVENT_TYPES.map((t) => t.split(".")[0] ?? t))];

export function isSubscriptionPattern(pattern: string): boolean {
  if (pattern === "*") return true;
  if (pattern.endsWith(".*")) return EVENT_FAMILIES.includes(pattern.slice(0, -2));
  return (EVENT_TYPES as readonly string[]).includes(pattern);
}

export function matchesSubscription(patterns: readonly string[], type: string): boolean {
  for (const p of patterns) {
    if (p === "*" || p === type) return true;
    if (p.endsWith(".*") && type.startsWith(p.slice(0, -1))) return true;
  }
  return false;
}
