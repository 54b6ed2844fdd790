/**
 * Standard Webhooks signatures: HMAC-SHA256 over `${id}.${timestamp}.${body}`, keyed with the
 * base64 bytes after `whsec_`, sent as `v1,<base64>`. During a rotation every live secret signs
 * and the signatures are space-separated, so a receiver holding either secret verifies.
 */
const PREFIX = "whsec_";
const SECRET_BYTES = 32;
const encoder = new TextEncoder();

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

export function generateWebhookSecret(): string {
  return PREFIX + toBase64(crypto.getRandomValues(new Uint8Array(SECRET_BYTES)));
}

async function signOne(secret: string, content: Uint8Array<ArrayBuffer>): Promise<string> {
  if (!secret.startsWith(PREFIX)) throw new Error("not a whsec_ secret");
  const key = await crypto.subtle.importKey(
    "raw",
    fromBase64(secret.slice(PREFIX.length)),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return `v1,${toBase64(new Uint8Array(await crypto.subtle.sign("HMAC", key, content)))}`;
}

/** The `webhook-signature` header value for one message under every given secret. */
export async function signatureHeader(
  secrets: string[],
  messageId: string,
  timestampSeconds: number,
  body: string,
): Promise<string> {
  const content = new Uint8Array(encoder.encode(`${messageId}.${timestampSeconds}.${body}`));
  return (await Promise.all(secrets.map((s) => signOne(s, content)))).join(" ");
}
