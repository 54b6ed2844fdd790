import { like } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { tenants } from "./db/schema";

/** `Acme Robotics, Inc.` → `acme-robotics-inc`; never empty. */
export function slugify(name: string): string {
  const base = name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/g, "");
  return base || "tenant";
}

/**
 * A slug for the organization no tenant has yet: the slugified name, or it with `-2`, `-3`…
 * The UNIQUE constraint on tenants.slug still decides a race; callers retry on conflict.
 */
export async function uniqueSlug(db: D1Database, name: string): Promise<string> {
  const base = slugify(name);
  const taken = new Set(
    (
      await drizzle(db)
        .select({ slug: tenants.slug })
        .from(tenants)
        .where(like(tenants.slug, `${base}%`))
        .all()
    ).map((r) => r.slug),
  );
  let slug = base;
  for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
  return slug;
}

/**
 * Every tenant's id, a page at a time in id order: for platform-wide work (the retention run,
 * the platform's metrics) that must not hold the whole table at once.
 */
export async function* tenantIdPages(db: D1Database, size = 100): AsyncGenerator<string[]> {
  for (let after = ""; ; ) {
    const { results } = await db
      .prepare(`SELECT id FROM tenants WHERE id > ? ORDER BY id LIMIT ?`)
      .bind(after, size)
      .all<{ id: string }>();
    if (results.length) yield results.map((r) => r.id);
    const last = results.at(-1);
    if (!last || results.length < size) return;
    after = last.id;
  }
}
