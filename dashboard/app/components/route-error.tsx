import { isRouteErrorResponse, useRouteError } from "@remix-run/react";

/**
 * Every page's error state: the API's problem detail when a loader failed, never a stack trace.
 * Exported as `ErrorBoundary` from each route so the shell (navigation) stays usable.
 */
export function RouteError() {
  const error = useRouteError();
  let title = "Something went wrong";
  let detail = "This page could not be loaded. Try again in a moment.";
  if (isRouteErrorResponse(error)) {
    const data = error.data as { title?: string; detail?: string } | string | null;
    title =
      error.status === 404
        ? "Not found"
        : error.status === 403
          ? "Not allowed"
          : (typeof data === "object" && data?.title) || title;
    detail =
      (typeof data === "object" && data?.detail) ||
      (typeof data === "string" ? data : error.statusText) ||
      detail;
  }
  return (
    <div className="card" role="alert">
      <h2>{title}</h2>
      <p>{detail}</p>
    </div>
  );
}
