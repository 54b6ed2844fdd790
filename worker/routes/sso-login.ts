import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { errorMessage, log } from "../../shared/log";
import { Problem, problems } from "../../shared/problems";
import { SessionSchema } from "../../shared/schemas/identity";
import { SsoCallbackQuerySchema, SsoStartQuerySchema } from "../../shared/schemas/sso";
import { recordAudit } from "../audit";
import { authorizationUrl, discover, exchangeCode, verifyIdToken } from "../auth/oidc";
import { openSecret, SecretBoxError } from "../auth/secret-box";
import { sessionResponse, startSession, type TenantRow, type UserRow } from "../auth/sessions";
import { SSO_CALLBACK_PATH, tenantsAllowingDomain, tenantWithConnection } from "../auth/sso-connection";
import { createHandoff, redeemHandoff, withHandoffCode } from "../auth/sso-handoff";
import { assertDomainAllowed, emailDomain, findOrProvisionUser } from "../auth/sso-provision";
import { beginLogin, consumeLogin } from "../auth/sso-state";
import { secretsEqual } from "../auth/timing-safe";
import type { AppEnv } from "../context";
import { createRouter } from "../router";
import { ProblemResponses } from "./problem-responses";
import { json } from "./security";

/**
 * SSO sign-in: `start` sends the browser to the tenant's provider, `callback` receives it back,
 * verifies who it is and starts a session, or hands a dashboard a code that `exchange` turns into
 * one. All are public; the state row and its cookie are what tie a callback to the sign-in that
 * began it, and the code's single use is what ties a session to that callback.
 */
export const ssoLoginRoutes = createRouter();

const tags = ["SSO"];
/**
 * The state also travels in a cookie only this browser holds, so a callback link crafted from
 * someone else's sign-in (login CSRF: being signed in as the attacker) is refused. SameSite=Lax
 * because the provider's redirect back is a cross-site top-level navigation.
 */
const STATE_COOKIE = "warden_sso";

const SsoExchangeSchema = z
  .strictObject({
    code: z.string().min(1).max(200).openapi({ description: "The `code` from the redirect." }),
  })
  .openapi("SsoExchange");

const redirectResponse = (description: string) => ({
  description,
  headers: z.object({ Location: z.string() }),
});

function origin(c: Context<AppEnv>): string {
  return new URL(c.req.url).origin;
}

/** `returnTo` must point into the dashboard, or the sign-in would be an open redirect. */
function checkedReturnTo(c: Context<AppEnv>, returnTo: string | undefined): string | null {
  if (returnTo === undefined) return null;
  const base = new URL(c.env.WARDEN_DASHBOARD_URL ?? origin(c));
  const basePath = base.pathname.endsWith("/") ? base.pathname : `${base.pathname}/`;
  let url: URL | null = null;
  try {
    url = new URL(returnTo);
  } catch {
    // reported below
  }
  const inside =
    url !== null &&
    url.origin === base.origin &&
    !url.username &&
    !url.password &&
    `${url.pathname}/`.startsWith(basePath);
  if (!url || !inside)
    throw problems.validation([
      { field: "returnTo", message: `must be a URL under ${base.origin}${basePath}` },
    ]);
  return url.href;
}

async function resolveTenant(
  c: Context<AppEnv>,
  query: { tenant?: string | undefined; email?: string | undefined },
) {
  let by: { slug: string } | { tenantId: string };
  if (query.email !== undefined) {
    const domain = emailDomain(query.email);
    const ids = await tenantsAllowingDomain(c.env.DB, domain);
    if (ids.length === 0) throw problems.notFound(`An organization that signs in with SSO for ${domain}`);
    if (ids.length > 1)
      throw problems.conflict(
        `More than one organization signs in with SSO for ${domain}; start with ?tenant=<your organization's slug>.`,
      );
    by = { tenantId: ids[0] as string };
  } else {
    by = { slug: query.tenant ?? "" };
  }
  const found = await tenantWithConnection(c.env.DB, by);
  if (!found) throw problems.notFound("An SSO connection for this organization");
  if (found.tenant.status === "suspended") throw problems.forbidden("This organization is suspended.");
  return found;
}

ssoLoginRoutes.openapi(
  createRoute({
    method: "get",
    path: "/auth/sso/start",
    operationId: "startSsoLogin",
    tags,
    summary: "Start an SSO sign-in: redirects to the organization's identity provider",
    description:
      "Pick the organization by `tenant` (its slug) or by `email` (its domain must belong to exactly one organization's SSO connection). With `returnTo` (a URL under the dashboard's), the callback does not answer with a session but redirects there with a one-time `code` for POST /auth/sso/exchange.",
    request: { query: SsoStartQuerySchema },
    responses: {
      302: redirectResponse("To the identity provider's authorization endpoint"),
      ...ProblemResponses,
    },
  }),
  async (c) => {
    const query = c.req.valid("query");
    const returnTo = checkedReturnTo(c, query.returnTo);
    const { tenant, connection } = await resolveTenant(c, query);
    const metadata = await discover(connection.issuer);
    const redirectUri = origin(c) + SSO_CALLBACK_PATH;
    const login = await beginLogin(c.env.DB, { tenantId: tenant.id, redirectUri, returnTo });
    setCookie(c, STATE_COOKIE, login.state, {
      httpOnly: true,
      sameSite: "Lax",
      secure: c.env.WARDEN_ENV === "production" || new URL(c.req.url).protocol === "https:",
      path: SSO_CALLBACK_PATH,
      maxAge: 600,
    });
    return c.redirect(
      authorizationUrl(metadata, {
        clientId: connection.clientId,
        redirectUri,
        state: login.state,
        nonce: login.nonce,
        codeChallenge: login.codeChallenge,
        loginHint: query.email,
      }),
      302,
    );
  },
);

/** Everything after the state is claimed: the tenant is known, so failures can be audited. */
async function completeLogin(
  c: Context<AppEnv>,
  pending: Awaited<ReturnType<typeof consumeLogin>>,
  query: z.infer<typeof SsoCallbackQuerySchema>,
) {
  const found = await tenantWithConnection(c.env.DB, { tenantId: pending.tenantId });
  if (!found) throw problems.unauthorized("This organization no longer signs in with SSO.");
  const { tenant, connection } = found;
  if (query.error !== undefined)
    throw problems.unauthorized(
      `The identity provider refused the sign-in: ${query.error}${query.error_description ? ` (${query.error_description})` : ""}.`,
    );
  // RFC 9207: a provider that names itself in the response must be the one this sign-in went to.
  if (query.iss !== undefined && query.iss !== connection.issuer)
    throw problems.unauthorized(
      `The authorization response comes from ${query.iss}, not from this organization's issuer ${connection.issuer}.`,
    );
  if (!query.code) throw problems.unauthorized("The identity provider sent no authorization code.");
  if (tenant.status === "suspended") throw problems.forbidden("This organization is suspended.");
  let clientSecret: string;
  try {
    clientSecret = await openSecret(c.env.WARDEN_ENCRYPTION_KEY, connection.clientSecretEnc, tenant.id);
  } catch (err) {
    if (!(err instanceof SecretBoxError)) throw err;
    throw problems.unavailable("The SSO client secret cannot be decrypted; an admin must set it again.");
  }
  const metadata = await discover(connection.issuer);
  const idToken = await exchangeCode(metadata, {
    clientId: connection.clientId,
    clientSecret,
    code: query.code,
    redirectUri: pending.redirectUri,
    codeVerifier: pending.codeVerifier,
  });
  const identity = await verifyIdToken(idToken, {
    issuer: connection.issuer,
    clientId: connection.clientId,
    jwksUri: metadata.jwksUri,
    nonceHash: pending.nonceHash,
  });
  assertDomainAllowed(identity.email, connection.allowedDomains);
  const { user, provisioned } = await findOrProvisionUser(c.env.DB, tenant, connection.defaultRole, identity);
  return { tenant, user, provisioned, issuer: connection.issuer };
}

async function auditFailure(c: Context<AppEnv>, tenantId: string, problem: Problem): Promise<void> {
  try {
    await recordAudit(c, tenantId, {
      action: "sso.login_failed",
      actor: { type: "user", id: null },
      target: { type: "sso_connection", id: tenantId },
      reason: problem.detail,
    });
  } catch (err) {
    // The refusal itself must reach the user; a lost audit row is logged, not raised.
    log("error", "audit of a failed SSO sign-in was lost", {
      requestId: c.get("requestId"),
      tenantId,
      error: errorMessage(err),
    });
  }
}

ssoLoginRoutes.openapi(
  createRoute({
    method: "get",
    path: "/auth/sso/callback",
    operationId: "completeSsoLogin",
    tags,
    summary:
      "Where the identity provider returns: verifies the sign-in, then starts a session or hands it off",
    description:
      "A sign-in started with `returnTo` is redirected there (303) with a one-time `code` added to its query; the dashboard's server trades the code for the session at POST /auth/sso/exchange within 60 seconds. Otherwise the session is returned as JSON.",
    request: { query: SsoCallbackQuerySchema },
    responses: {
      200: { description: "Signed in", ...json(SessionSchema) },
      303: redirectResponse("Signed in: back to `returnTo`, carrying `code`"),
      ...ProblemResponses,
    },
  }),
  async (c) => {
    const query = c.req.valid("query");
    if (!query.state)
      throw problems.unauthorized(
        "The callback carries no state, so it cannot be tied to a sign-in. Start again.",
      );
    const cookieState = getCookie(c, STATE_COOKIE);
    if (!cookieState || !(await secretsEqual(cookieState, query.state)))
      throw problems.unauthorized(
        "This sign-in was not started in this browser (its state cookie is missing or different). Start again.",
      );
    deleteCookie(c, STATE_COOKIE, { path: SSO_CALLBACK_PATH });
    const pending = await consumeLogin(c.env.DB, query.state);

    let done: Awaited<ReturnType<typeof completeLogin>>;
    try {
      done = await completeLogin(c, pending, query);
    } catch (err) {
      if (err instanceof Problem) await auditFailure(c, pending.tenantId, err);
      throw err;
    }
    const { tenant, user, provisioned, issuer } = done;
    if (provisioned)
      await recordAudit(c, tenant.id, {
        action: "user.provision",
        actor: { type: "system", id: null },
        target: { type: "user", id: user.id },
        reason: `Created at first SSO sign-in through ${issuer}.`,
        after: { email: user.email, role: user.role },
      });
    if (pending.returnTo) {
      // The session starts (and sso.login is audited) when the code is exchanged, not here.
      const code = await createHandoff(c.env.DB, tenant.id, user.id);
      c.header("cache-control", "no-store");
      return c.redirect(withHandoffCode(pending.returnTo, code), 303);
    }
    return startAudited(c, user, tenant);
  },
);

async function startAudited(c: Context<AppEnv>, user: UserRow, tenant: TenantRow) {
  await recordAudit(c, tenant.id, {
    action: "sso.login",
    actor: { type: "user", id: user.id },
    target: { type: "user", id: user.id },
  });
  return sessionResponse(c, await startSession(c, user, tenant), 200);
}

ssoLoginRoutes.openapi(
  createRoute({
    method: "post",
    path: "/auth/sso/exchange",
    operationId: "exchangeSsoCode",
    tags,
    summary: "Trade the one-time code from an SSO redirect for a session",
    description:
      "For the dashboard's server: the code from the callback's redirect to `returnTo` works once, for 60 seconds. Callers without browser headers receive the refresh token in the body.",
    request: { body: { required: true, ...json(SsoExchangeSchema) } },
    responses: { 200: { description: "Signed in", ...json(SessionSchema) }, ...ProblemResponses },
  }),
  async (c) => {
    const { user, tenant } = await redeemHandoff(c.env.DB, c.req.valid("json").code);
    return startAudited(c, user, tenant);
  },
);
