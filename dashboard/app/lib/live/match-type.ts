/** `agent.*` matches every agent event; anything else matches exactly. */
export function matchesType(type: string, pattern: string): boolean {
  return pattern.endsWith(".*") ? type.startsWith(pattern.slice(0, -1)) : type === pattern;
}
