/**
 * Facts shared by the Node-side identity providers (global setup) and the workerd tests. No
 * imports: the tests cannot load the providers' Node-only modules.
 */

/** The worker's callback as the tests reach it (test/helpers/api.ts sends requests to this origin). */
export const CALLBACK_URL = "https://warden.test/api/v1/auth/sso/callback";

/** The one client registered at the real oidc-provider. */
export const REAL_CLIENT = {
  clientId: "warden-test",
  clientSecret: "real-provider-secret-7c1e2a9b4f",
} as const;

/** Any login that looks like an email is an account; these prefixes change its claims. */
export const UNVERIFIED_PREFIX = "unverified-";

/** How the hostile provider forges the next ID tokens of a realm. */
export const HOSTILE_MODES = [
  "valid",
  "wrong-issuer",
  "wrong-audience",
  "expired",
  "wrong-nonce",
  "alg-none",
  "hs256-public-key",
  "unknown-kid",
  "no-email",
] as const;
export type HostileMode = (typeof HOSTILE_MODES)[number];

export interface HostileRealm {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

export interface ProviderStats {
  discovery: number;
  jwks: number;
  token: number;
  /** The Authorization header of the last token request (client_secret_basic). */
  lastTokenAuth: string | null;
}
