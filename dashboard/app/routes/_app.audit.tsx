import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Link, useLoaderData } from "@remix-run/react";
import type { ProblemBody } from "../../../shared/problems";
import { actorNames } from "../components/audit/actor-names.server";
import css from "../components/audit/audit.css?url";
import { AuditFilterForm } from "../components/audit/audit-filters";
import { AuditTable } from "../components/audit/audit-table";
import { filtersFrom } from "../components/audit/filters.server";
import type { AuditEntry, AuditVerification } from "../components/audit/types";
import { VerifyBadge } from "../components/audit/verify-badge";
import { ProblemNotice } from "../components/problem-notice";
import { RouteError } from "../components/route-error";
import { requireMay } from "../components/settings/guard.server";
import { loadOr } from "../lib/actions.server";
import { ApiError } from "../lib/api.server";
import { requireUser } from "../lib/auth.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: css }];
export const meta: MetaFunction = () => [{ title: "Audit log · Warden" }];

const PAGE = 50;

interface AuditPage {
  entries: AuditEntry[];
  nextCursor: string | null;
  problem?: ProblemBody;
}

export async function loader(args: LoaderFunctionArgs) {
  const signed = await requireUser(args);
  requireMay(signed.user.role, "GET /audit", "the audit log");
  const url = new URL(args.request.url);
  const { form, api: query } = filtersFrom(url);
  const cursor = url.searchParams.get("cursor") ?? undefined;
  const [page, verify, names] = await loadOr(() =>
    Promise.all([
      // A bad filter is the user's to fix in the form, not a broken page.
      signed.api.get<AuditPage>("/audit", { ...query, cursor, limit: PAGE }).catch((err): AuditPage => {
        if (err instanceof ApiError && err.status === 400)
          return { entries: [], nextCursor: null, problem: err.problem };
        throw err;
      }),
      signed.api.get<AuditVerification>("/audit/verify"),
      actorNames(signed.api, signed.user.role),
    ]),
  );
  return json(
    {
      ...page,
      problem: page.problem ?? null,
      verify,
      names,
      filters: form,
      cursor: cursor ?? null,
      search: url.searchParams.toString(),
    },
    { headers: signed.headers },
  );
}

function withParams(search: string, change: Record<string, string | null>): string {
  const params = new URLSearchParams(search);
  for (const [k, v] of Object.entries(change)) {
    if (v === null) params.delete(k);
    else params.set(k, v);
  }
  const qs = params.toString();
  return qs ? `?${qs}` : "";
}

export default function AuditLog() {
  const { entries, nextCursor, problem, verify, names, filters, cursor, search } =
    useLoaderData<typeof loader>();
  const result = problem ? { problem } : undefined;
  const actors = Object.entries(names).map(([id, label]) => ({ id, label }));
  const exportQuery = (format: string) => `/audit/export${withParams(search, { cursor: null, format })}`;
  return (
    <div className="stack">
      <div className="spread">
        <h1 style={{ margin: 0 }}>Audit log</h1>
        <VerifyBadge verify={verify} />
      </div>
      <p className="muted">
        Every change to agents, configuration, users, keys, SSO, webhooks and the organization, with who made
        it and why. Entries are hash-chained: editing or deleting one breaks the chain.
      </p>
      <section className="card stack" aria-label="Filters and export">
        <AuditFilterForm filters={filters} actors={actors} problem={result} />
        <div className="row">
          <span className="muted">
            Export {Object.keys(filters).length > 0 ? "the filtered entries" : "every entry"}:
          </span>
          <a className="button" href={exportQuery("csv")} download>
            Export CSV
          </a>
          <a className="button" href={exportQuery("json")} download>
            Export JSON
          </a>
        </div>
      </section>
      <ProblemNotice result={result} />
      <section className="card stack" aria-label="Entries">
        <AuditTable entries={entries as AuditEntry[]} names={names} />
        <nav className="row" aria-label="Pages">
          {cursor && <Link to={withParams(search, { cursor: null })}>Newest entries</Link>}
          {nextCursor && <Link to={withParams(search, { cursor: nextCursor })}>Older entries →</Link>}
          {!nextCursor && entries.length > 0 && <span className="muted">End of the log.</span>}
        </nav>
      </section>
    </div>
  );
}

export const ErrorBoundary = RouteError;
