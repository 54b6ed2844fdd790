/** A `datetime-local` value read as UTC (the form says so), as the ISO text the API wants. */
export function utcIso(local: string): string | undefined {
  const text = local.trim();
  if (!text) return undefined;
  const withZone = /(Z|[+-]\d{2}:\d{2})$/.test(text) ? text : `${text}Z`;
  const t = Date.parse(withZone);
  return Number.isNaN(t) ? text : new Date(t).toISOString();
}
