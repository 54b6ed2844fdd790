import { errors, jwtVerify, SignJWT } from "jose";
import type { Role } from "../../shared/schemas/identity";

/**
 * Access tokens: HS256 JWTs valid for 15 minutes, signed with the first key of
 * WARDEN_SESSION_KEYS and verified with whichever key their `kid` names. Rotating means putting
 * a new key first and removing the old one after 15 minutes.
 */
export const ACCESS_TOKEN_TTL_S = 15 * 60;
const ISSUER = "warden";
const AUDIENCE = "warden-api";

export interface AccessClaims {
  sub: string;
  tid: string;
  role: Role;
  sid: string;
}

interface SessionKey {
  kid: string;
  secret: Uint8Array;
}

const parsed = new Map<string, SessionKey[]>();

export function sessionKeys(config: string | undefined): SessionKey[] {
  if (!config) throw new Error("WARDEN_SESSION_KEYS is not configured");
  const cached = parsed.get(config);
  if (cached) return cached;
  const keys = config.split(",").map((pair) => {
    const [kid, secret] = pair.trim().split(":");
    if (!kid || !secret) throw new Error("WARDEN_SESSION_KEYS must be kid:secret pairs");
    const bytes = Uint8Array.from(atob(secret.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
    if (bytes.byteLength < 32) throw new Error(`session key ${kid} is shorter than 32 bytes`);
    return { kid, secret: bytes };
  });
  parsed.set(config, keys);
  return keys;
}

export async function signAccessToken(config: string | undefined, claims: AccessClaims): Promise<string> {
  const [key] = sessionKeys(config);
  if (!key) throw new Error("WARDEN_SESSION_KEYS is empty");
  return new SignJWT({ tid: claims.tid, role: claims.role, sid: claims.sid })
    .setProtectedHeader({ alg: "HS256", kid: key.kid, typ: "JWT" })
    .setSubject(claims.sub)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ACCESS_TOKEN_TTL_S}s`)
    .sign(key.secret);
}

/** The claims of a valid token, or null for anything else (expired, forged, unknown kid, other alg). */
export async function verifyAccessToken(
  config: string | undefined,
  token: string,
): Promise<AccessClaims | null> {
  const keys = sessionKeys(config);
  try {
    const { payload } = await jwtVerify(
      token,
      (header) => {
        const key = keys.find((k) => k.kid === header.kid);
        if (!key) throw new errors.JWKSNoMatchingKey();
        return key.secret;
      },
      { issuer: ISSUER, audience: AUDIENCE, algorithms: ["HS256"], requiredClaims: ["sub", "exp"] },
    );
    const { sub, tid, role, sid } = payload as Record<string, unknown>;
    if (typeof sub !== "string" || typeof tid !== "string" || typeof sid !== "string") return null;
    return { sub, tid, sid, role: role as Role };
  } catch (err) {
    if (err instanceof errors.JOSEError) return null;
    throw err;
  }
}

export function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token);
}
