import { createRoute, z } from "@hono/zod-openapi";
import { like } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { newId } from "../../shared/ids";
import { problems } from "../../shared/problems";
import { generateApiKey, SCOPES, sha256Hex, visiblePrefix } from "../auth/api-keys";
import { secretsEqual } from "../auth/timing-safe";
import { apiKeys, tenants } from "../db/schema";
import { hubFor } from "../hub-client";
import { createRouter } from "../router";
import { ProblemResponses } from "./problem-responses";

const TenantCreateSchema = z.object({ name: z.string().trim().min(1).max(100) }).openapi("TenantCreate");
const TenantCreatedSchema = z
  .object({
    tenant: z.object({ id: z.string(), name: z.string(), slug: z.string() }),
    apiKey: z.string().describe("Shown only in this response. Store it now."),
  })
  .openapi("TenantCreated");

export function slugify(name: string): string {
  const base = name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  return base || "tenant";
}

const createTenant = createRoute({
  method: "post",
  path: "/admin/tenants",
  tags: ["Admin"],
  summary: "Create a tenant (platform admin)",
  security: [{ adminToken: [] }],
  request: { body: { required: true, content: { "application/json": { schema: TenantCreateSchema } } } },
  responses: {
    201: { description: "Created", content: { "application/json": { schema: TenantCreatedSchema } } },
    ...ProblemResponses,
  },
});

export const adminRoutes = createRouter();

adminRoutes.use("/admin/*", async (c, next) => {
  const header = c.req.header("authorization") ?? "";
  const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  if (!token || !c.env.WARDEN_ADMIN_TOKEN || !(await secretsEqual(token, c.env.WARDEN_ADMIN_TOKEN)))
    throw problems.unauthorized("A valid platform admin token is required.");
  await next();
});

adminRoutes.openapi(createTenant, async (c) => {
  const { name } = c.req.valid("json");
  const db = drizzle(c.env.DB);
  const base = slugify(name);
  const taken = new Set(
    (
      await db
        .select({ slug: tenants.slug })
        .from(tenants)
        .where(like(tenants.slug, `${base}%`))
        .all()
    ).map((r) => r.slug),
  );
  let slug = base;
  for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;

  const now = new Date().toISOString();
  const tenantId = newId("ten");
  const key = generateApiKey();
  await db.batch([
    db.insert(tenants).values({ id: tenantId, name, slug, createdAt: now }),
    db.insert(apiKeys).values({
      id: newId("key"),
      tenantId,
      name: "Initial key",
      prefix: visiblePrefix(key),
      keyHash: await sha256Hex(key),
      scopes: JSON.stringify(SCOPES),
      createdAt: now,
    }),
  ]);
  await hubFor(c.env, tenantId).init(tenantId);
  return c.json({ tenant: { id: tenantId, name, slug }, apiKey: key }, 201);
});
