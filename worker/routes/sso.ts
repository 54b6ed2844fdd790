import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { problems } from "../../shared/problems";
import { SsoConnectionInputSchema, SsoConnectionSchema } from "../../shared/schemas/sso";
import { recordAudit } from "../audit";
import { forgetIssuer } from "../auth/oidc";
import { sealSecret } from "../auth/secret-box";
import {
  auditView,
  connectionView,
  deleteConnection,
  loadConnection,
  saveConnection,
} from "../auth/sso-connection";
import { forgetTenantLogins } from "../auth/sso-state";
import type { AppEnv } from "../context";
import { createRouter } from "../router";
import { ProblemResponses } from "./problem-responses";
import { json, tenantSecurity as security } from "./security";
import { ssoLoginRoutes } from "./sso-login";

const tags = ["SSO"];
const target = (tenantId: string) => ({ type: "sso_connection", id: tenantId });

export const ssoRoutes = createRouter();

const origin = (c: Context<AppEnv>) => new URL(c.req.url).origin;

/**
 * Plain http would let anyone on the path read the code exchange and the client secret; it is
 * accepted only for a provider on this machine while developing or testing.
 */
function assertIssuerTransport(issuer: string, environment: string | undefined): void {
  const url = new URL(issuer);
  if (url.protocol === "https:") return;
  const local = url.hostname === "127.0.0.1" || url.hostname === "localhost" || url.hostname === "[::1]";
  if (local && (environment === "test" || environment === "development")) return;
  throw problems.validation([
    {
      field: "issuer",
      message: local
        ? "must be an https URL (http to localhost is allowed only in development and tests)"
        : "must be an https URL",
    },
  ]);
}

ssoRoutes.openapi(
  createRoute({
    method: "get",
    path: "/sso",
    operationId: "getSsoConnection",
    description:
      "The organization's OIDC connection: issuer, client id, allowed email domains and the redirect URI to register with the identity provider. `404` when none is configured.",
    tags,
    summary: "Get the organization's SSO connection (the client secret is never returned)",
    security,
    responses: { 200: { description: "The connection", ...json(SsoConnectionSchema) }, ...ProblemResponses },
  }),
  async (c) => {
    const connection = await loadConnection(c.env.DB, c.get("principal").tenantId);
    if (!connection) throw problems.notFound("The SSO connection");
    return c.json(await connectionView(connection, c.env.WARDEN_ENCRYPTION_KEY, origin(c)), 200);
  },
);

ssoRoutes.openapi(
  createRoute({
    method: "put",
    path: "/sso",
    operationId: "putSsoConnection",
    tags,
    summary: "Create or replace the organization's OIDC connection",
    description:
      "The client secret is encrypted at rest. Register the returned `redirectUri` with the identity provider.",
    security,
    request: { body: { required: true, ...json(SsoConnectionInputSchema) } },
    responses: {
      200: { description: "Updated", ...json(SsoConnectionSchema) },
      201: { description: "Created", ...json(SsoConnectionSchema) },
      ...ProblemResponses,
    },
  }),
  async (c) => {
    const { clientSecret, ...input } = c.req.valid("json");
    const tenantId = c.get("principal").tenantId;
    assertIssuerTransport(input.issuer, c.env.WARDEN_ENV);
    const before = await loadConnection(c.env.DB, tenantId);
    if (!before && clientSecret === undefined)
      throw problems.validation([
        { field: "clientSecret", message: "required when creating the connection" },
      ]);
    const sealed = clientSecret
      ? await sealSecret(c.env.WARDEN_ENCRYPTION_KEY, clientSecret, tenantId)
      : (before?.clientSecretEnc ?? "");
    await saveConnection(c.env.DB, tenantId, input, sealed);
    // Sign-ins started against the old provider or client cannot finish against the new one.
    if (before && (before.issuer !== input.issuer || before.clientId !== input.clientId))
      await forgetTenantLogins(c.env.DB, tenantId);
    if (before) forgetIssuer(before.issuer);
    forgetIssuer(input.issuer);
    await recordAudit(c, tenantId, {
      action: "sso.update",
      target: target(tenantId),
      before: before ? auditView(before) : null,
      after: { ...auditView(input), clientSecretChanged: clientSecret !== undefined },
    });
    const saved = await loadConnection(c.env.DB, tenantId);
    if (!saved) throw problems.notFound("The SSO connection");
    return c.json(await connectionView(saved, c.env.WARDEN_ENCRYPTION_KEY, origin(c)), before ? 200 : 201);
  },
);

ssoRoutes.openapi(
  createRoute({
    method: "delete",
    path: "/sso",
    operationId: "deleteSsoConnection",
    tags,
    summary: "Remove the organization's SSO connection",
    description: "Users created by SSO keep their accounts but can no longer sign in through it.",
    security,
    responses: { 204: { description: "Removed" }, ...ProblemResponses },
  }),
  async (c) => {
    const tenantId = c.get("principal").tenantId;
    const before = await loadConnection(c.env.DB, tenantId);
    if (!before || !(await deleteConnection(c.env.DB, tenantId)))
      throw problems.notFound("The SSO connection");
    await forgetTenantLogins(c.env.DB, tenantId);
    forgetIssuer(before.issuer);
    await recordAudit(c, tenantId, {
      action: "sso.delete",
      target: target(tenantId),
      before: auditView(before),
    });
    return c.body(null, 204);
  },
);

ssoRoutes.route("/", ssoLoginRoutes);
