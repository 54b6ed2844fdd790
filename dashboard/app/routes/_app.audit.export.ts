import { json, type LoaderFunctionArgs } from "@remix-run/cloudflare";
import { filtersFrom } from "../components/audit/filters.server";
import { requireMay } from "../components/settings/guard.server";
import { requireUser } from "../lib/auth.server";

/** Headers of the API's answer that the download needs. */
const PASSED = ["Content-Type", "Content-Disposition"];

/**
 * The audit export as a download: the API's stream passed through as it arrives (never buffered
 * here), fetched with the signed-in user's token, which the browser never sees.
 */
export async function loader(args: LoaderFunctionArgs) {
  const signed = await requireUser(args);
  requireMay(signed.user.role, "GET /audit/export", "the audit log");
  const url = new URL(args.request.url);
  const format = url.searchParams.get("format") === "csv" ? "csv" : "json";
  const { api: filters } = filtersFrom(url);
  const res = await signed.api.raw("/audit/export", {
    query: { ...filters, format },
    headers: { Accept: format === "csv" ? "text/csv" : "application/json" },
  });
  if (!res.ok) {
    let problem: unknown = { title: "Export failed", detail: `The API answered ${res.status}.` };
    try {
      problem = await res.json();
    } catch {
      // not a problem document: keep the generic one
    }
    throw json(problem, { status: res.status, headers: signed.headers });
  }
  const headers = new Headers(signed.headers);
  for (const name of PASSED) {
    const v = res.headers.get(name);
    if (v) headers.set(name, v);
  }
  headers.set("Cache-Control", "no-store");
  return new Response(res.body, { status: 200, headers });
}
