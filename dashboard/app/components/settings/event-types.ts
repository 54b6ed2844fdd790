import { EVENT_TYPES } from "../../../../shared/event-types";

/** Types by family (`task`, `agent`…), which a subscription can take whole as `task.*`. */
export const EVENT_FAMILIES: { family: string; types: string[] }[] = (() => {
  const out = new Map<string, string[]>();
  for (const t of EVENT_TYPES) {
    const family = t.split(".")[0] ?? t;
    out.set(family, [...(out.get(family) ?? []), t]);
  }
  return [...out].map(([family, types]) => ({ family, types }));
})();
