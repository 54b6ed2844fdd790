import { base64url } from "jose";

/**
 * Secrets at rest (SSO client secrets): AES-256-GCM under WARDEN_ENCRYPTION_KEY, a fresh random
 * 12-byte IV per value, stored as `v1.<iv>.<ciphertext+tag>` (base64url). The version prefix lets
 * a later key or algorithm coexist with rows written under this one.
 *
 * The caller passes a context (the tenant id) that is bound in as additional authenticated data,
 * so a ciphertext copied into another tenant's row fails to decrypt instead of working there.
 */
const VERSION = "v1";
const IV_BYTES = 12;

const keys = new Map<string, Promise<CryptoKey>>();
const encoder = new TextEncoder();

export class SecretBoxError extends Error {
  override name = "SecretBoxError";
}

function decode(text: string): Uint8Array<ArrayBuffer> {
  try {
    return new Uint8Array(base64url.decode(text));
  } catch {
    throw new SecretBoxError("not base64url");
  }
}

function importKey(encoded: string | undefined): Promise<CryptoKey> {
  const id = encoded ?? "";
  let key = keys.get(id);
  if (!key) {
    const raw = decode(id);
    if (raw.length !== 32) throw new SecretBoxError("WARDEN_ENCRYPTION_KEY must be base64url of 32 bytes");
    key = crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
    keys.set(id, key);
  }
  return key;
}

export async function sealSecret(encodedKey: string, plaintext: string, context: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const sealed = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: encoder.encode(context) },
    await importKey(encodedKey),
    encoder.encode(plaintext),
  );
  return `${VERSION}.${base64url.encode(iv)}.${base64url.encode(new Uint8Array(sealed))}`;
}

/** Throws SecretBoxError when the value is malformed, was sealed for another context, or was altered. */
export async function openSecret(encodedKey: string, sealed: string, context: string): Promise<string> {
  const [version, iv, body, ...rest] = sealed.split(".");
  if (version !== VERSION || iv === undefined || body === undefined || rest.length > 0)
    throw new SecretBoxError("unknown sealed-secret format");
  const ivBytes = decode(iv);
  if (ivBytes.length !== IV_BYTES) throw new SecretBoxError("bad IV length");
  const key = await importKey(encodedKey);
  try {
    const plain = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: ivBytes, additionalData: encoder.encode(context) },
      key,
      decode(body),
    );
    return new TextDecoder().decode(plain);
  } catch {
    throw new SecretBoxError("the secret does not decrypt under this key and context");
  }
}
