import { useRouteLoaderData } from "@remix-run/react";

/** The session's CSRF token; every form that writes carries it (checked in `requireAction`). */
export function CsrfInput() {
  const data = useRouteLoaderData<{ csrf: string }>("routes/_app");
  return <input type="hidden" name="csrf" value={data?.csrf ?? ""} />;
}
