import type { LinksFunction, MetaFunction } from "@remix-run/cloudflare";
import { NavLink, Outlet } from "@remix-run/react";
import { RouteError } from "../components/route-error";
import css from "../components/settings/settings.css?url";
import { useSignedIn } from "../lib/use-signed-in";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: css }];
export const meta: MetaFunction = () => [{ title: "Settings · Warden" }];

/** Each tab appears to whoever may read what it shows (the API route its page loads). */
const TABS = [
  { to: "/settings", label: "Governance", reads: "GET /governance/config", end: true },
  { to: "/settings/users", label: "Users", reads: "GET /users" },
  { to: "/settings/api-keys", label: "API keys", reads: "GET /api-keys" },
  { to: "/settings/sso", label: "SSO", reads: "GET /sso" },
  { to: "/settings/webhooks", label: "Webhooks", reads: "GET /webhooks" },
  { to: "/settings/tenant", label: "Organization", reads: "GET /tenant" },
];

export default function SettingsLayout() {
  const { may } = useSignedIn();
  return (
    <>
      <h1>Settings</h1>
      <nav className="tabs" aria-label="Settings sections">
        {TABS.filter((t) => may(t.reads)).map((t) => (
          <NavLink key={t.to} to={t.to} end={t.end} prefetch="intent">
            {t.label}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </>
  );
}

export const ErrorBoundary = RouteError;
