import {
  type ActionFunctionArgs,
  json,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/cloudflare";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { SsoConnectionView } from "../../../shared/schemas/sso";
import { ConfirmAction } from "../components/confirm-dialog";
import { EmptyState } from "../components/empty-state";
import { type ActionResult, ProblemNotice } from "../components/problem-notice";
import { RouteError } from "../components/route-error";
import { CopyText } from "../components/settings/copy-text";
import { requireMay } from "../components/settings/guard.server";
import { SsoForm } from "../components/settings/sso-form";
import { attempt, formString, loadOr } from "../lib/actions.server";
import { ApiError } from "../lib/api.server";
import { requireAction, requireUser } from "../lib/auth.server";
import { dateTime } from "../lib/format";
import { useSignedIn } from "../lib/use-signed-in";

export const meta: MetaFunction = () => [{ title: "SSO · Settings · Warden" }];

export async function loader(args: LoaderFunctionArgs) {
  const signed = await requireUser(args);
  requireMay(signed.user.role, "GET /sso", "the SSO connection");
  const connection = await loadOr(() =>
    signed.api.get<SsoConnectionView>("/sso").catch((err) => {
      // No connection yet is a normal state of this page, not an error.
      if (err instanceof ApiError && err.status === 404) return null;
      throw err;
    }),
  );
  return json({ connection }, { headers: signed.headers });
}

export async function action(args: ActionFunctionArgs) {
  const { api, form, headers } = await requireAction(args);
  const intent = formString(form, "intent");
  return attempt(headers, async () => {
    if (intent === "delete") {
      await api.call("/sso", { method: "DELETE" });
      return "SSO connection removed. Users it created keep their accounts but cannot sign in through it.";
    }
    if (intent !== "save") return undefined;
    const secret = String(form.get("clientSecret") ?? "");
    const body = {
      issuer: formString(form, "issuer"),
      clientId: formString(form, "clientId"),
      ...(secret ? { clientSecret: secret } : {}),
      allowedDomains: formString(form, "allowedDomains")
        .split(/[,\n]+/)
        .map((d) => d.trim())
        .filter(Boolean),
      defaultRole: formString(form, "defaultRole") || "viewer",
    };
    await api.call("/sso", { method: "PUT", body });
    return "SSO connection saved.";
  });
}

export default function Sso() {
  const { connection } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const { may } = useSignedIn();
  return (
    <section className="stack" aria-labelledby="sso-heading">
      <div>
        <h2 id="sso-heading">Single sign-on</h2>
        <p className="muted">
          Let people sign in with your OpenID Connect identity provider (Okta, Entra ID, Google, Keycloak…).
        </p>
      </div>
      <ProblemNotice result={result} />
      <section className="card stack" aria-labelledby="sso-current-heading">
        <h3 id="sso-current-heading">Connection</h3>
        {connection ? (
          <>
            <dl className="kv" data-testid="sso-connection">
              <dt>Issuer</dt>
              <dd className="mono">{connection.issuer}</dd>
              <dt>Client ID</dt>
              <dd className="mono">{connection.clientId}</dd>
              <dt>Client secret</dt>
              <dd>
                Stored{connection.clientSecretLast4 ? ` (ends in ${connection.clientSecretLast4})` : ""}
              </dd>
              <dt>Allowed domains</dt>
              <dd>
                {connection.allowedDomains.map((d) => (
                  <span key={d} className="chip mono">
                    {d}
                  </span>
                ))}
              </dd>
              <dt>Default role</dt>
              <dd>{connection.defaultRole}</dd>
              <dt>Redirect URI</dt>
              <dd>
                <CopyText value={connection.redirectUri} label="redirect URI" testId="sso-redirect-uri" />
                <span className="hint">Register this redirect URI with the identity provider.</span>
              </dd>
              <dt>Updated</dt>
              <dd>{dateTime(connection.updatedAt)}</dd>
            </dl>
            {may("DELETE /sso") && (
              <div>
                <ConfirmAction
                  label="Remove connection"
                  title="Remove the SSO connection"
                  intent="delete"
                  danger
                >
                  <p>
                    Nobody can sign in through SSO any more. Accounts it created remain; they need an
                    invitation or a password.
                  </p>
                </ConfirmAction>
              </div>
            )}
          </>
        ) : (
          <EmptyState title="No SSO connection">
            <p>Users sign in with their email and password.</p>
          </EmptyState>
        )}
      </section>
      {may("PUT /sso") && (
        <section className="card">
          <SsoForm key={connection?.updatedAt ?? "new"} connection={connection} result={result} />
        </section>
      )}
    </section>
  );
}

export const ErrorBoundary = RouteError;
