import type { AdminTenantView } from "../shared/schemas/tenant";

/** The platform's view of tenants, read from D1 only, so listing never wakes a tenant's objects. */

interface Row {
  id: string;
  name: string;
  slug: string;
  status: string;
  created_at: string;
  suspended_at: string | null;
  suspend_reason: string | null;
  tasks_submitted: number | null;
  tasks_executed: number | null;
  api_calls: number | null;
}

const SELECT = `
  SELECT t.id, t.name, t.slug, t.status, t.created_at, t.suspended_at, t.suspend_reason,
         u.tasks_submitted, u.tasks_executed, u.api_calls
    FROM tenants t LEFT JOIN tenant_usage u ON u.tenant_id = t.id AND u.month = ?1`;

/** The fields every view of a tenant shares, from its D1 row. */
export function tenantBase(row: Pick<Row, "id" | "name" | "slug" | "status" | "created_at">) {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    status: row.status === "suspended" ? ("suspended" as const) : ("active" as const),
    createdAt: row.created_at,
  };
}

function view(row: Row, month: string): AdminTenantView {
  return {
    ...tenantBase(row),
    suspendedAt: row.suspended_at,
    suspendReason: row.suspend_reason,
    usage: {
      month,
      tasksSubmitted: row.tasks_submitted ?? 0,
      tasksExecuted: row.tasks_executed ?? 0,
      apiCalls: row.api_calls ?? 0,
    },
  };
}

/** Newest first (ids are time-sortable), keyset-paginated by id. */
export async function listTenants(
  db: D1Database,
  q: { before?: string | undefined; limit: number; month: string },
): Promise<{ tenants: AdminTenantView[]; nextBefore: string | null }> {
  const { results } = await db
    .prepare(`${SELECT} WHERE ?2 IS NULL OR t.id < ?2 ORDER BY t.id DESC LIMIT ?3`)
    .bind(q.month, q.before ?? null, q.limit + 1)
    .all<Row>();
  const page = results.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    tenants: page.map((r) => view(r, q.month)),
    nextBefore: results.length > q.limit && last ? last.id : null,
  };
}

export async function findTenant(db: D1Database, id: string, month: string): Promise<AdminTenantView | null> {
  const row = await db.prepare(`${SELECT} WHERE t.id = ?2`).bind(month, id).first<Row>();
  return row ? view(row, month) : null;
}
