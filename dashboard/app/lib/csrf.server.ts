import { Problem } from "../../../shared/problems";
import type { DashboardSession } from "./session.server";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * First line against CSRF, before Remix sees the request: a write must come from a page of this
 * origin. Browsers send `Origin` on every POST; `Sec-Fetch-Site` covers the rest.
 */
export function refuseCrossSiteWrites(request: Request): Response | undefined {
  if (SAFE.has(request.method)) return undefined;
  const origin = request.headers.get("Origin");
  const site = request.headers.get("Sec-Fetch-Site");
  const self = new URL(request.url).origin;
  const crossSite = (origin !== null && origin !== self) || (site !== null && site !== "same-origin");
  if (!crossSite) return undefined;
  const problem = new Problem(403, "forbidden", "Forbidden", "Cross-site form submissions are refused.");
  return new Response(JSON.stringify(problem.body()), {
    status: 403,
    headers: { "Content-Type": "application/problem+json" },
  });
}

export function newCsrfToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes)).replace(/[+/=]/g, (c) => ({ "+": "-", "/": "_", "=": "" })[c]!);
}

/** Second line: every form carries the session's token (see `<CsrfInput/>`). */
export function csrfMatches(session: DashboardSession, form: FormData): boolean {
  const expected = session.get("csrf");
  const sent = form.get("csrf");
  return typeof expected === "string" && expected.length > 0 && sent === expected;
}
