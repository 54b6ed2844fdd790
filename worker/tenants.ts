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
