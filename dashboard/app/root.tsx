import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useRouteError,
} from "@remix-run/react";
import uplotStyles from "uplot/dist/uPlot.min.css?url";
import { readTheme } from "./lib/theme.server";
import styles from "./styles.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: uplotStyles },
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Warden" }];

export async function loader({ request }: LoaderFunctionArgs) {
  return { theme: readTheme(request) };
}

export function Layout({ children }: { children: React.ReactNode }) {
  // The error boundary renders without loader data: fall back to the dark default.
  const data = useLoaderData<typeof loader | undefined>();
  return (
    <html lang="en" data-theme={data?.theme ?? "dark"}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="dark light" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const detail = isRouteErrorResponse(error)
    ? ((error.data as { detail?: string } | null)?.detail ?? error.statusText)
    : "Something went wrong while rendering this page.";
  return (
    <main className="center-page">
      <div className="card narrow" role="alert">
        <h1>{status === 404 ? "Not found" : "Something went wrong"}</h1>
        <p>{detail}</p>
        <a href="/">Back to the overview</a>
      </div>
    </main>
  );
}
