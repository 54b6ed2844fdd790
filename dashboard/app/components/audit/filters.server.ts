import { utcIso } from "../settings/utc";
import { type AuditFilters, FILTER_KEYS } from "./types";

/**
 * The filters from a page URL. `from`/`to` come from datetime-local inputs labelled UTC; the API
 * wants ISO date-times with a zone, so they are converted here (unparseable text goes through
 * unchanged, for the API to name the field at fault).
 */
export function filtersFrom(url: URL): { form: AuditFilters; api: AuditFilters } {
  const form: AuditFilters = {};
  const api: AuditFilters = {};
  for (const key of FILTER_KEYS) {
    const v = url.searchParams.get(key)?.trim();
    if (!v) continue;
    form[key] = v;
    api[key] = key === "from" || key === "to" ? utcIso(v) : v;
  }
  return { form, api };
}
