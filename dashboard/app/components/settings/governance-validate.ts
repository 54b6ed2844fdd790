import { CONFIG_KEYS, type ConfigKey, FIELDS } from "./governance-fields";

export type ConfigValues = Partial<Record<ConfigKey, number | boolean>>;
export type ConfigErrors = Partial<Record<ConfigKey, string>>;

/** A form value as the config type wants it; NaN for text that is not a number. */
export function parseField(key: ConfigKey, raw: string | boolean): number | boolean {
  if (FIELDS[key].kind === "boolean") return raw === true || raw === "on" || raw === "true";
  const text = String(raw).trim();
  return text === "" ? Number.NaN : Number(text);
}

function boundError(key: ConfigKey, value: number | boolean): string | undefined {
  const spec = FIELDS[key];
  if (spec.kind === "boolean") return typeof value === "boolean" ? undefined : "must be on or off";
  if (typeof value !== "number" || Number.isNaN(value)) return "must be a number";
  if (spec.integer && !Number.isInteger(value))
    return spec.ms ? "must be a whole number of milliseconds" : "must be an integer";
  if (spec.minOpen ? value <= spec.min : value < spec.min)
    return `must be ${spec.minOpen ? "greater than" : "at least"} ${spec.min}`;
  if (spec.maxOpen ? value >= spec.max : value > spec.max)
    return `must be ${spec.maxOpen ? "less than" : "at most"} ${spec.max}`;
  return undefined;
}

/**
 * The same checks the API makes (each field's range, then the rules tying fields together), so
 * most mistakes show beside the field before a round trip. The API stays the authority.
 */
export function validateConfig(values: ConfigValues): ConfigErrors {
  const errors: ConfigErrors = {};
  for (const key of CONFIG_KEYS) {
    const v = values[key];
    if (v === undefined) continue;
    const e = boundError(key, v);
    if (e) errors[key] = e;
  }
  const n = (k: ConfigKey) => {
    const v = values[k];
    return typeof v === "number" && !errors[k] ? v : undefined;
  };
  const rule = (
    key: ConfigKey,
    a: number | undefined,
    b: number | undefined,
    ok: (a: number, b: number) => boolean,
    msg: string,
  ) => {
    if (a !== undefined && b !== undefined && !ok(a, b) && !errors[key]) errors[key] = msg;
  };
  rule(
    "penaltyRate",
    n("penaltyRate"),
    n("learningRate"),
    (g, e) => g > e,
    "must be greater than learningRate",
  );
  rule(
    "thresholdMin",
    n("thresholdMin"),
    n("thresholdMax"),
    (lo, hi) => lo <= hi,
    "must not exceed thresholdMax",
  );
  const lo = n("thresholdMin");
  const hi = n("thresholdMax");
  const t = n("trustThreshold");
  if (t !== undefined && lo !== undefined && hi !== undefined && (t < lo || t > hi) && !errors.trustThreshold)
    errors.trustThreshold = `must lie within [thresholdMin, thresholdMax] = [${lo}, ${hi}]`;
  rule(
    "suppressionThreshold",
    n("suppressionThreshold"),
    lo,
    (s, m) => s < m,
    "must be less than thresholdMin",
  );
  rule(
    "suppressionMaxMs",
    n("suppressionMaxMs"),
    n("suppressionBaseMs"),
    (mx, b) => mx >= b,
    "must be at least suppressionBaseMs",
  );
  rule(
    "circuitMinSamples",
    n("circuitMinSamples"),
    n("circuitWindow"),
    (m, w) => m <= w,
    "must not exceed circuitWindow",
  );
  rule(
    "circuitMaxCooldownMs",
    n("circuitMaxCooldownMs"),
    n("circuitCooldownMs"),
    (mx, c) => mx >= c,
    "must be at least circuitCooldownMs",
  );
  return errors;
}

/** The fields whose submitted value differs from the one the form was loaded with. */
export function changedFields(seen: ConfigValues, submitted: ConfigValues): ConfigValues {
  const patch: ConfigValues = {};
  for (const key of CONFIG_KEYS) {
    const v = submitted[key];
    if (v !== undefined && v !== seen[key]) patch[key] = v;
  }
  return patch;
}
