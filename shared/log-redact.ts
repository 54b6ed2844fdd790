/**
 * Log lines leave the platform (tail, log pipelines, support tickets), so nothing that grants
 * access may reach one. Two nets: fields whose name says they hold a secret, and values that look
 * like one wherever they appear (an API key pasted into an error message, a bearer header echoed
 * by an upstream).
 */
export const REDACTED = "[redacted]";

/** Field names that hold secrets, compared without case, dashes or underscores. */
const SECRET_NAMES =
  /^(password|passwd|secret|clientsecret|signingsecret|token|accesstoken|refreshtoken|idtoken|apikey|apikeysealed|authorization|cookie|setcookie|privatekey|encryptionkey|sessionkey|ticket|code|codeverifier)$|secret$|password$|token$|apikey$/;

/** Values that are secrets whatever field holds them. */
const SECRET_VALUES: RegExp[] = [
  /\bwk_(?:live|test)_[A-Za-z0-9_-]+/g, // Warden API keys
  /\bwhsec_[A-Za-z0-9+/=_-]+/g, // Standard Webhooks signing secrets
  /\bsk-[A-Za-z0-9_-]{8,}/g, // LLM provider keys
  /\bBearer\s+[A-Za-z0-9._~+/=-]+/gi, // Authorization header values
  /\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, // JWTs (header.payload.signature)
];

const MAX_DEPTH = 8;

function normalizedName(name: string): string {
  return name.toLowerCase().replace(/[-_]/g, "");
}

export function redactString(value: string): string {
  let out = value;
  for (const pattern of SECRET_VALUES) out = out.replace(pattern, REDACTED);
  return out;
}

/** A copy of `value` with secret fields and secret-looking strings replaced; never mutates. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return redactString(value);
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return "[too deep]";
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value instanceof Error) return redactString(`${value.name}: ${value.message}`);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] =
      SECRET_NAMES.test(normalizedName(key)) && v !== null && v !== undefined && typeof v !== "boolean"
        ? REDACTED
        : redact(v, depth + 1);
  }
  return out;
}
