/**
 * API keys: `wk_live_` + 32 random base62 characters + a 6-character CRC32 checksum (base62).
 * The checksum lets a leaked key be recognised offline (secret scanners) without a lookup; only
 * the SHA-256 of the key is stored, with its first characters as a visible prefix.
 */
const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const KEY_PREFIX = "wk_live_";
const RANDOM_LENGTH = 32;
const CHECKSUM_LENGTH = 6;

export { SCOPES, type Scope } from "../../shared/schemas/api-keys";

function base62(value: number, length: number): string {
  let out = "";
  let v = value;
  for (let i = 0; i < length; i++) {
    out = ALPHABET[v % 62] + out;
    v = Math.floor(v / 62);
  }
  return out;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(text: string): number {
  let crc = 0xffffffff;
  for (const byte of new TextEncoder().encode(text))
    crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export function generateApiKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(RANDOM_LENGTH));
  // 256 % 62 bias is negligible for a 190-bit secret; no rejection sampling needed.
  const random = Array.from(bytes, (b) => ALPHABET[b % 62]).join("");
  return KEY_PREFIX + random + base62(crc32(random), CHECKSUM_LENGTH);
}

/** Offline check: shape and checksum. A key that fails it is never looked up. */
export function isWellFormedApiKey(key: string): boolean {
  if (!key.startsWith(KEY_PREFIX) || key.length !== KEY_PREFIX.length + RANDOM_LENGTH + CHECKSUM_LENGTH)
    return false;
  const body = key.slice(KEY_PREFIX.length);
  if (![...body].every((ch) => ALPHABET.includes(ch))) return false;
  const random = body.slice(0, RANDOM_LENGTH);
  return body.slice(RANDOM_LENGTH) === base62(crc32(random), CHECKSUM_LENGTH);
}

export function visiblePrefix(key: string): string {
  return key.slice(0, KEY_PREFIX.length + 8);
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}
