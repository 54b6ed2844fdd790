import {
  base64url,
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
} from "jose";
import { Problem, problems } from "../../shared/problems";
import { Email } from "../../shared/schemas/identity";
import { sha256Hex } from "./api-keys";
import { secretsEqual } from "./timing-safe";

/**
 * The relying-party half of OpenID Connect: discovery, the authorization request (code + PKCE
 * S256), the code exchange (client_secret_basic) and ID-token verification. Refusals are
 * Problems: 401 when the token or its exchange is at fault, 502 when the provider is unreachable
 * or misbehaves, so a bad login never surfaces as a 500.
 */

/** Asymmetric algorithms only: an HMAC alg would let anyone holding a public key forge tokens. */
export const ID_TOKEN_ALGORITHMS = ["RS256", "PS256", "ES256", "EdDSA"] as const;

export interface ProviderMetadata {
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  jwksUri: string;
}

export interface VerifiedIdentity {
  subject: string;
  email: string;
  name: string | null;
}

// Discovery documents change rarely; an hour keeps a login to one round trip to the provider
// (the token exchange) while a provider's move still takes effect the same day.
const DISCOVERY_TTL_MS = 3600_000;
// Each issuer or key-set URL is one tenant's connection; bound the caches so that a platform
// with many tenants cannot grow an isolate's memory without limit.
const MAX_CACHED = 500;
// jose refetches the key set when a token names an unknown kid, at most once per cooldown. Tokens
// reach us only over our own back channel to the provider, so a short cooldown costs little and
// lets a provider's key rotation take effect almost at once.
const UNKNOWN_KID_COOLDOWN_MS = 1_000;
const FETCH_TIMEOUT_MS = 5_000;
const CLOCK_TOLERANCE_S = 30;

const discoveryCache = new Map<string, { metadata: ProviderMetadata; expiresAt: number }>();
const keySets = new Map<string, JWTVerifyGetKey>();

function remember<V>(cache: Map<string, V>, key: string, value: V): void {
  cache.delete(key);
  cache.set(key, value);
  // Maps iterate in insertion order, so the first key is the least recently stored.
  if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value as string);
}

export function providerProblem(detail: string): Problem {
  return new Problem(502, "identity-provider", "Identity provider error", detail);
}

/** URL-safe random text of `bytes` random bytes (state, nonce, PKCE verifier). */
export function randomToken(bytes = 32): string {
  return base64url.encode(crypto.getRandomValues(new Uint8Array(bytes)));
}

export async function pkceChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return base64url.encode(new Uint8Array(digest));
}

async function fetchWithTimeout(url: string, init: RequestInit, what: string): Promise<Response> {
  try {
    return await fetch(url, { ...init, redirect: "manual", signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  } catch (err) {
    const reason = err instanceof Error && err.name === "TimeoutError" ? "timed out" : "could not be reached";
    throw providerProblem(`The identity provider's ${what} at ${url} ${reason}.`);
  }
}

function endpoint(doc: Record<string, unknown>, field: string, issuer: URL): string {
  const value = doc[field];
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw providerProblem(`The discovery document of ${issuer.href} has no valid \`${field}\`.`);
  }
  // An https issuer must not hand the code or the client secret to a plain-http endpoint.
  const allowed = issuer.protocol === "https:" ? ["https:"] : ["https:", "http:"];
  if (typeof value !== "string" || !allowed.includes(url.protocol))
    throw providerProblem(`The discovery document's \`${field}\` (${String(value)}) must be an https URL.`);
  return value;
}

/** The provider's metadata from `<issuer>/.well-known/openid-configuration`, cached per issuer. */
export async function discover(issuer: string): Promise<ProviderMetadata> {
  const cached = discoveryCache.get(issuer);
  if (cached && cached.expiresAt > Date.now()) return cached.metadata;
  const url = `${issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`;
  const res = await fetchWithTimeout(url, { headers: { accept: "application/json" } }, "discovery document");
  if (res.status !== 200) throw providerProblem(`The discovery document at ${url} answered ${res.status}.`);
  const doc = (await res.json().catch(() => null)) as Record<string, unknown> | null;
  if (!doc || typeof doc !== "object") throw providerProblem(`The discovery document at ${url} is not JSON.`);
  // OIDC Discovery §4.3: the document must name exactly the issuer it was fetched for.
  if (doc.issuer !== issuer)
    throw providerProblem(
      `The discovery document at ${url} names issuer ${JSON.stringify(doc.issuer)}, not ${issuer}.`,
    );
  const methods = doc.code_challenge_methods_supported;
  if (Array.isArray(methods) && !methods.includes("S256"))
    throw providerProblem(`The identity provider ${issuer} does not support PKCE with S256.`);
  const base = new URL(issuer);
  const metadata: ProviderMetadata = {
    issuer,
    authorizationEndpoint: endpoint(doc, "authorization_endpoint", base),
    tokenEndpoint: endpoint(doc, "token_endpoint", base),
    jwksUri: endpoint(doc, "jwks_uri", base),
  };
  remember(discoveryCache, issuer, { metadata, expiresAt: Date.now() + DISCOVERY_TTL_MS });
  return metadata;
}

/** Drops a cached discovery document, so a reconfigured connection is rediscovered at once. */
export function forgetIssuer(issuer: string): void {
  discoveryCache.delete(issuer);
}

export function authorizationUrl(
  metadata: ProviderMetadata,
  request: {
    clientId: string;
    redirectUri: string;
    state: string;
    nonce: string;
    codeChallenge: string;
    loginHint?: string | undefined;
  },
): string {
  const url = new URL(metadata.authorizationEndpoint);
  const params = url.searchParams;
  params.set("response_type", "code");
  params.set("client_id", request.clientId);
  params.set("redirect_uri", request.redirectUri);
  params.set("scope", "openid email profile");
  params.set("state", request.state);
  params.set("nonce", request.nonce);
  params.set("code_challenge", request.codeChallenge);
  params.set("code_challenge_method", "S256");
  if (request.loginHint) params.set("login_hint", request.loginHint);
  return url.href;
}

/** RFC 6749 §2.3.1: the id and secret are form-encoded before they are joined and base64'd. */
function formEncode(value: string): string {
  return encodeURIComponent(value).replace(/%20/g, "+");
}

/** Trades the authorization code for tokens; returns the ID token. */
export async function exchangeCode(
  metadata: ProviderMetadata,
  grant: { clientId: string; clientSecret: string; code: string; redirectUri: string; codeVerifier: string },
): Promise<string> {
  const res = await fetchWithTimeout(
    metadata.tokenEndpoint,
    {
      method: "POST",
      headers: {
        authorization: `Basic ${btoa(`${formEncode(grant.clientId)}:${formEncode(grant.clientSecret)}`)}`,
        "content-type": "application/x-www-form-urlencoded",
        accept: "application/json",
      },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code: grant.code,
        redirect_uri: grant.redirectUri,
        code_verifier: grant.codeVerifier,
      }),
    },
    "token endpoint",
  );
  const body = (await res.json().catch(() => null)) as Record<string, unknown> | null;
  if (res.status >= 400 && res.status < 500) {
    const error = typeof body?.error === "string" ? body.error : `HTTP ${res.status}`;
    const description = typeof body?.error_description === "string" ? ` (${body.error_description})` : "";
    throw problems.unauthorized(
      `The identity provider refused the authorization code: ${error.slice(0, 100)}${description.slice(0, 300)}.`,
    );
  }
  if (res.status !== 200 || !body)
    throw providerProblem(`The identity provider's token endpoint answered ${res.status} without a token.`);
  if (typeof body.id_token !== "string")
    throw problems.unauthorized("The identity provider's token response has no ID token.");
  return body.id_token;
}

function keySetFor(jwksUri: string): JWTVerifyGetKey {
  let keySet = keySets.get(jwksUri);
  if (!keySet) {
    keySet = createRemoteJWKSet(new URL(jwksUri), {
      cooldownDuration: UNKNOWN_KID_COOLDOWN_MS,
      timeoutDuration: FETCH_TIMEOUT_MS,
    });
    remember(keySets, jwksUri, keySet);
  }
  return keySet;
}

/** Errors of fetching the key set, told apart from a token that simply names a missing key. */
class KeySetUnavailable extends Error {}

function keysOf(jwksUri: string): JWTVerifyGetKey {
  const keySet = keySetFor(jwksUri);
  return async (header, token) => {
    try {
      return await keySet(header, token);
    } catch (err) {
      if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys)
        throw err;
      throw new KeySetUnavailable(err instanceof Error ? err.message : String(err));
    }
  };
}

const shown = (value: unknown) => JSON.stringify(value ?? null).slice(0, 200);

function claimProblem(err: errors.JWTClaimValidationFailed, expected: { issuer: string; clientId: string }) {
  const { claim, reason, payload } = err;
  if (reason === "missing")
    return problems.unauthorized(`The ID token lacks the required \`${claim}\` claim.`);
  switch (claim) {
    case "iss":
      return problems.unauthorized(
        `The ID token was issued by ${shown(payload.iss)}, not by this connection's issuer ${shown(expected.issuer)}.`,
      );
    case "aud":
      return problems.unauthorized(
        `The ID token is for audience ${shown(payload.aud)}, not this connection's client id ${shown(expected.clientId)}.`,
      );
    case "nbf":
      return problems.unauthorized("The ID token is not valid yet (`nbf` is in the future).");
    default:
      return problems.unauthorized(`The ID token's \`${claim}\` claim is invalid.`);
  }
}

function verificationProblem(
  err: unknown,
  idToken: string,
  expected: { issuer: string; clientId: string; jwksUri: string },
): Problem {
  if (err instanceof errors.JWTExpired) {
    const exp = decodeJwt(idToken).exp;
    const when = typeof exp === "number" ? ` at ${new Date(exp * 1000).toISOString()}` : "";
    return problems.unauthorized(`The ID token expired${when}.`);
  }
  if (err instanceof errors.JWTClaimValidationFailed) return claimProblem(err, expected);
  if (err instanceof errors.JWKSNoMatchingKey) {
    const kid = decodeProtectedHeader(idToken).kid;
    return problems.unauthorized(
      `The ID token is signed with a key (kid ${shown(kid)}) that is not in the identity provider's key set.`,
    );
  }
  if (err instanceof errors.JWKSMultipleMatchingKeys)
    return problems.unauthorized(
      "The ID token's key id matches more than one key in the provider's key set.",
    );
  if (err instanceof errors.JWSSignatureVerificationFailed)
    return problems.unauthorized(
      "The ID token's signature does not verify against the identity provider's keys.",
    );
  if (err instanceof KeySetUnavailable)
    return providerProblem(
      `The identity provider's key set at ${expected.jwksUri} is unusable: ${err.message}`,
    );
  if (err instanceof errors.JOSEError)
    return problems.unauthorized(`The ID token could not be verified: ${err.message.slice(0, 200)}`);
  throw err;
}

/**
 * Verifies an ID token: signature against the provider's key set (only asymmetric algorithms),
 * issuer, audience, expiry, and the nonce this login started with; then requires an email the
 * provider does not call unverified.
 */
export async function verifyIdToken(
  idToken: string,
  expected: { issuer: string; clientId: string; jwksUri: string; nonceHash: string },
): Promise<VerifiedIdentity> {
  let alg: unknown;
  try {
    alg = decodeProtectedHeader(idToken).alg;
    decodeJwt(idToken);
  } catch {
    throw problems.unauthorized("The ID token is not a well-formed JWT.");
  }
  // Checked before jose so the refusal can say exactly why; jose enforces the same list.
  if (alg === "none") throw problems.unauthorized("The ID token is unsigned (`alg: none`); it is refused.");
  if (!ID_TOKEN_ALGORITHMS.includes(alg as (typeof ID_TOKEN_ALGORITHMS)[number]))
    throw problems.unauthorized(
      `The ID token is signed with ${shown(alg)}; only ${ID_TOKEN_ALGORITHMS.join(", ")} are accepted.`,
    );

  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(idToken, keysOf(expected.jwksUri), {
      issuer: expected.issuer,
      audience: expected.clientId,
      algorithms: [...ID_TOKEN_ALGORITHMS],
      clockTolerance: CLOCK_TOLERANCE_S,
      requiredClaims: ["sub", "iat", "exp"],
    }));
  } catch (err) {
    throw verificationProblem(err, idToken, expected);
  }

  // OIDC Core §3.1.3.7: with several audiences, the token must say it was issued to us.
  if (Array.isArray(payload.aud) && payload.aud.length > 1 && payload.azp !== expected.clientId)
    throw problems.unauthorized(
      `The ID token's authorized party (azp) is ${shown(payload.azp)}, not this client.`,
    );
  const nonce = payload.nonce;
  if (typeof nonce !== "string" || !(await secretsEqual(await sha256Hex(nonce), expected.nonceHash)))
    throw problems.unauthorized("The ID token's nonce does not match the one this sign-in started with.");

  const email = Email.safeParse(payload.email);
  if (!email.success)
    throw problems.unauthorized(
      "The ID token carries no usable `email` claim; the provider must release the user's email.",
    );
  if (payload.email_verified === false || payload.email_verified === "false")
    throw problems.forbidden(`The identity provider has not verified the email address ${email.data}.`);
  const name =
    typeof payload.name === "string" && payload.name.trim() ? payload.name.trim().slice(0, 200) : null;
  return { subject: String(payload.sub), email: email.data, name };
}
