import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { base64url, type CryptoKey, exportJWK, exportSPKI, generateKeyPair, type JWK, SignJWT } from "jose";
import { listenLocal, sendJson } from "./local-server";
import { HOSTILE_MODES, type HostileMode, type HostileRealm, type ProviderStats } from "./oidc-constants";

/**
 * A deliberately untrustworthy OpenID provider on 127.0.0.1. Each test creates its own realm
 * (`POST /realms`: an issuer, a client, an RS256 key), so caches and counters never leak between
 * tests. Discovery, key set, authorize and token endpoints behave honestly — including the PKCE
 * and client-authentication checks — except that the ID token is forged as the realm's mode says
 * (`POST /r/<id>/mode`). `POST /r/<id>/rotate` publishes a new signing key; `GET /r/<id>/stats`
 * counts requests.
 */

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
  spki: string;
}

interface PendingCode {
  nonce: string;
  codeChallenge: string;
  redirectUri: string;
}

interface Realm extends HostileRealm {
  mode: HostileMode;
  email: string;
  keys: SigningKey[];
  rogue: SigningKey;
  codes: Map<string, PendingCode>;
  stats: ProviderStats;
}

export interface HostileProvider {
  origin: string;
  close(): Promise<void>;
}

async function signingKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  return {
    kid,
    privateKey,
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" },
    spki: await exportSPKI(publicKey),
  };
}

/** Provider documents must not be cached between tests that change them. */
function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, body, { "cache-control": "no-store", ...headers });
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString("utf8");
}

const random = () => randomBytes(24).toString("base64url");
const encodeJson = (value: unknown) => base64url.encode(JSON.stringify(value));

async function forgeIdToken(realm: Realm, nonce: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const key = realm.keys[realm.keys.length - 1] as SigningKey;
  const claims: Record<string, unknown> = {
    iss: realm.issuer,
    aud: realm.clientId,
    sub: `hostile|${realm.email}`,
    email: realm.email,
    email_verified: true,
    name: "Hostile Test User",
    nonce,
    iat: now,
    exp: now + 300,
  };
  const sign = (payload: Record<string, unknown>, signer: SigningKey = key) =>
    new SignJWT(payload)
      .setProtectedHeader({ alg: "RS256", kid: signer.kid, typ: "JWT" })
      .sign(signer.privateKey);
  switch (realm.mode) {
    case "valid":
      return sign(claims);
    case "wrong-issuer":
      return sign({ ...claims, iss: "https://impostor.example" });
    case "wrong-audience":
      return sign({ ...claims, aud: "some-other-client" });
    case "expired":
      return sign({ ...claims, iat: now - 3600, exp: now - 1800 });
    case "wrong-nonce":
      return sign({ ...claims, nonce: "a-nonce-from-another-sign-in" });
    case "no-email": {
      const { email: _email, email_verified: _verified, ...rest } = claims;
      return sign(rest);
    }
    case "unknown-kid":
      return sign(claims, realm.rogue);
    case "alg-none":
      return `${encodeJson({ alg: "none", typ: "JWT" })}.${encodeJson(claims)}.`;
    case "hs256-public-key":
      // The classic key-confusion forgery: HMAC keyed with the provider's public key (PEM bytes).
      return new SignJWT(claims)
        .setProtectedHeader({ alg: "HS256", kid: key.kid, typ: "JWT" })
        .sign(new TextEncoder().encode(key.spki));
  }
}

function basicCredentials(header: string | undefined): [string, string] | null {
  const match = /^Basic (.+)$/.exec(header ?? "");
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  const form = (s: string) => decodeURIComponent(s.replace(/\+/g, " "));
  return [form(decoded.slice(0, colon)), form(decoded.slice(colon + 1))];
}

async function handleToken(realm: Realm, req: IncomingMessage, res: ServerResponse): Promise<void> {
  realm.stats.token += 1;
  realm.stats.lastTokenAuth = req.headers.authorization ?? null;
  const credentials = basicCredentials(req.headers.authorization);
  if (!credentials || credentials[0] !== realm.clientId || credentials[1] !== realm.clientSecret)
    return send(res, 401, { error: "invalid_client", error_description: "client authentication failed" });
  const form = new URLSearchParams(await readText(req));
  const pending = realm.codes.get(form.get("code") ?? "");
  realm.codes.delete(form.get("code") ?? "");
  if (form.get("grant_type") !== "authorization_code" || !pending)
    return send(res, 400, { error: "invalid_grant", error_description: "unknown or used code" });
  const challenge = createHash("sha256")
    .update(form.get("code_verifier") ?? "")
    .digest("base64url");
  if (challenge !== pending.codeChallenge)
    return send(res, 400, { error: "invalid_grant", error_description: "PKCE verification failed" });
  if (form.get("redirect_uri") !== pending.redirectUri)
    return send(res, 400, { error: "invalid_grant", error_description: "redirect_uri mismatch" });
  send(res, 200, {
    access_token: random(),
    token_type: "Bearer",
    expires_in: 300,
    id_token: await forgeIdToken(realm, pending.nonce),
  });
}

function handleAuthorize(realm: Realm, url: URL, res: ServerResponse): void {
  const q = url.searchParams;
  const redirectUri = q.get("redirect_uri") ?? "";
  if (
    q.get("client_id") !== realm.clientId ||
    q.get("response_type") !== "code" ||
    q.get("code_challenge_method") !== "S256" ||
    !q.get("code_challenge") ||
    !q.get("nonce") ||
    !redirectUri
  ) {
    send(res, 400, { error: "invalid_request" });
    return;
  }
  const code = random();
  realm.codes.set(code, {
    nonce: q.get("nonce") ?? "",
    codeChallenge: q.get("code_challenge") ?? "",
    redirectUri,
  });
  const back = new URL(redirectUri);
  back.searchParams.set("code", code);
  back.searchParams.set("state", q.get("state") ?? "");
  res.writeHead(302, { location: back.href });
  res.end();
}

export async function startHostileProvider(): Promise<HostileProvider> {
  const realms = new Map<string, Realm>();
  const server = createServer();
  const { origin, close } = await listenLocal(server);

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", origin);
    if (req.method === "POST" && url.pathname === "/realms") {
      const body = JSON.parse((await readText(req)) || "{}") as { email?: string };
      const id = randomBytes(6).toString("hex");
      const realm: Realm = {
        issuer: `${origin}/r/${id}`,
        clientId: `client-${id}`,
        clientSecret: `secret-${random()}`,
        mode: "valid",
        email: body.email ?? `user-${id}@hostile.example`,
        keys: [await signingKey(`key-${id}-1`)],
        rogue: await signingKey(`rogue-${id}`),
        codes: new Map(),
        stats: { discovery: 0, jwks: 0, token: 0, lastTokenAuth: null },
      };
      realms.set(id, realm);
      return send(res, 201, {
        issuer: realm.issuer,
        clientId: realm.clientId,
        clientSecret: realm.clientSecret,
      });
    }
    const match = /^\/r\/([0-9a-f]+)(\/.*)$/.exec(url.pathname);
    const realm = match ? realms.get(match[1] as string) : undefined;
    if (!realm || !match) return send(res, 404, { error: "no such realm" });
    const path = match[2];
    if (req.method === "GET" && path === "/.well-known/openid-configuration") {
      realm.stats.discovery += 1;
      return send(res, 200, {
        issuer: realm.issuer,
        authorization_endpoint: `${realm.issuer}/authorize`,
        token_endpoint: `${realm.issuer}/token`,
        jwks_uri: `${realm.issuer}/jwks`,
        response_types_supported: ["code"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
        code_challenge_methods_supported: ["S256"],
        token_endpoint_auth_methods_supported: ["client_secret_basic"],
      });
    }
    if (req.method === "GET" && path === "/jwks") {
      realm.stats.jwks += 1;
      return send(res, 200, { keys: realm.keys.map((k) => k.publicJwk) });
    }
    if (req.method === "GET" && path === "/authorize") return handleAuthorize(realm, url, res);
    if (req.method === "POST" && path === "/token") return handleToken(realm, req, res);
    if (req.method === "GET" && path === "/stats") return send(res, 200, realm.stats);
    if (req.method === "POST" && path === "/mode") {
      const body = JSON.parse(await readText(req)) as { mode: HostileMode; email?: string };
      if (!HOSTILE_MODES.includes(body.mode)) return send(res, 400, { error: `unknown mode ${body.mode}` });
      realm.mode = body.mode;
      if (body.email) realm.email = body.email;
      return send(res, 200, { mode: realm.mode, email: realm.email });
    }
    if (req.method === "POST" && path === "/rotate") {
      realm.keys.push(await signingKey(`key-${realm.clientId}-${realm.keys.length + 1}`));
      return send(res, 200, { kid: realm.keys[realm.keys.length - 1]?.kid });
    }
    send(res, 404, { error: "not found" });
  }

  server.on("request", (req, res) => {
    route(req, res).catch((err: unknown) => send(res, 500, { error: String(err) }));
  });

  return { origin, close };
}
