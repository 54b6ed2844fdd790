import { json, type LoaderFunctionArgs } from "@remix-run/cloudflare";
import {
  Form,
  NavLink,
  Outlet,
  type ShouldRevalidateFunction,
  useLoaderData,
  useLocation,
  useNavigation,
} from "@remix-run/react";
import { CsrfInput } from "../components/csrf-input";
import { LiveIndicator } from "../components/live-indicator";
import { RouteError } from "../components/route-error";
import { loadOr } from "../lib/actions.server";
import { requireUser } from "../lib/auth.server";
import { LiveProvider } from "../lib/live/live-provider";

const NAV = [
  { to: "/", label: "Overview", icon: "◎" },
  { to: "/agents", label: "Agents", icon: "◆" },
  { to: "/tasks", label: "Tasks", icon: "☰" },
  { to: "/governance", label: "Governance", icon: "⚖" },
  { to: "/analytics", label: "Analytics", icon: "↗" },
  { to: "/settings", label: "Settings", icon: "⚙" },
  { to: "/audit", label: "Audit log", icon: "✓" },
];

export async function loader(args: LoaderFunctionArgs) {
  const signed = await requireUser(args);
  const state = await loadOr(() => signed.api.get<{ lastSeq: number }>("/governance/state"));
  return json(
    { user: signed.user, tenant: signed.tenant, csrf: signed.csrf, lastSeq: state.lastSeq },
    { headers: signed.headers },
  );
}

// The shell shows who you are and your organization's name, which change only through Settings
// (your role, a rename): other submissions (task polls, agent controls) need not reload it.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formAction, defaultShouldRevalidate }) =>
  formAction?.startsWith("/settings") === true && defaultShouldRevalidate;

export default function AppShell() {
  const { user, tenant, lastSeq } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const location = useLocation();
  return (
    <LiveProvider after={lastSeq}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      {navigation.state === "loading" && <div className="loading-bar" aria-hidden="true" />}
      <div className="shell">
        <nav className="sidebar" aria-label="Main">
          <NavLink to="/" className="brand">
            <img src="/favicon.svg" alt="" width={24} height={24} />
            <span>Warden</span>
          </NavLink>
          <ul className="nav">
            {NAV.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.to === "/"} prefetch="intent">
                  <span aria-hidden="true">{item.icon}</span> <span className="label">{item.label}</span>
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="main">
          <header className="topbar">
            <span className="tenant">{tenant.name}</span>
            <LiveIndicator />
            <Form method="post" action="/theme">
              <input type="hidden" name="back" value={location.pathname + location.search} />
              <button type="submit" aria-label="Switch between dark and light theme">
                ◐ Theme
              </button>
            </Form>
            <span className="muted" data-testid="whoami">
              {user.email} · {user.role}
            </span>
            <Form method="post" action="/logout">
              <CsrfInput />
              <button type="submit">Log out</button>
            </Form>
          </header>
          <main id="main" className="content">
            <Outlet />
          </main>
        </div>
      </div>
    </LiveProvider>
  );
}

export function ErrorBoundary() {
  return (
    <main className="center-page">
      <RouteError />
    </main>
  );
}
