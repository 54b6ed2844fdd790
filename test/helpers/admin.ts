import { ADMIN_TOKEN, api } from "./api";

export const adminHeaders = { authorization: `Bearer ${ADMIN_TOKEN}` };

export interface AdminTenant {
  id: string;
  status: string;
  suspendedAt: string | null;
  suspendReason: string | null;
  usage: { month: string; tasksSubmitted: number; tasksExecuted: number; apiCalls: number };
}

/** The tenant as the platform list shows it, paging until found (other files add tenants too). */
export async function listedTenant(tenantId: string): Promise<AdminTenant | undefined> {
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `?limit=200&cursor=${cursor}` : "?limit=200";
    const res = await api<{ tenants: AdminTenant[]; nextCursor: string | null }>(
      `/api/v1/admin/tenants${query}`,
      {
        headers: adminHeaders,
      },
    );
    const found = res.body.tenants.find((t) => t.id === tenantId);
    if (found) return found;
    cursor = res.body.nextCursor;
  } while (cursor);
  return undefined;
}
