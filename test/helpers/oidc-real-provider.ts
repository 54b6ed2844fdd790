import { createServer } from "node:http";
import { exportJWK, generateKeyPair } from "jose";
import Provider from "oidc-provider";
import { listenLocal } from "./local-server";
import { CALLBACK_URL, type ProviderStats, REAL_CLIENT, UNVERIFIED_PREFIX } from "./oidc-constants";

export interface RealProvider {
  issuer: string;
  close(): Promise<void>;
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[a-z]+$/i;

/**
 * A real OpenID provider (panva's oidc-provider) on 127.0.0.1: one confidential client, PKCE
 * required, RS256 keys, and its development login and consent pages, which the tests drive with
 * plain HTTP. Any email-shaped login is an account whose email is that login. `GET /__stats`
 * reports how often the key set was fetched.
 */
export async function startRealProvider({
  redirectUris = [CALLBACK_URL],
}: {
  redirectUris?: string[];
} = {}): Promise<RealProvider> {
  const server = createServer();
  const { origin: issuer, close } = await listenLocal(server);

  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), kid: "real-rs256-1", alg: "RS256", use: "sig" };

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: REAL_CLIENT.clientId,
        client_secret: REAL_CLIENT.clientSecret,
        redirect_uris: redirectUris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
        id_token_signed_response_alg: "RS256",
      },
    ],
    jwks: { keys: [signingKey] },
    pkce: { required: () => true },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    // Put the email in the ID token itself (Warden reads it there, not from userinfo).
    conformIdTokenClaims: false,
    cookies: { keys: ["oidc-test-cookie-key-0123456789"] },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 300, IdToken: 300 },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx, id) {
      if (!EMAIL.test(id)) return undefined;
      const email = id.startsWith(UNVERIFIED_PREFIX) ? id.slice(UNVERIFIED_PREFIX.length) : id;
      return {
        accountId: id,
        async claims() {
          return {
            sub: id,
            email,
            email_verified: !id.startsWith(UNVERIFIED_PREFIX),
            name: `Test ${email.split("@")[0]}`,
          };
        },
      };
    },
  });

  const stats: ProviderStats = { discovery: 0, jwks: 0, token: 0, lastTokenAuth: null };
  const handle = provider.callback();
  server.on("request", (req, res) => {
    const path = (req.url ?? "").split("?")[0];
    if (path === "/__stats") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(stats));
      return;
    }
    if (path === "/.well-known/openid-configuration") stats.discovery += 1;
    if (path === "/jwks") stats.jwks += 1;
    if (path === "/token") {
      stats.token += 1;
      stats.lastTokenAuth = req.headers.authorization ?? null;
    }
    handle(req, res);
  });

  return {
    issuer,
    close,
  };
}
