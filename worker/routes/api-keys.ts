import { createRoute, z } from "@hono/zod-openapi";
import { and, desc, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { Context } from "hono";
import { newId } from "../../shared/ids";
import { principalTag } from "../../shared/live-protocol";
import { problems } from "../../shared/problems";
import {
  ApiKeyCreateSchema,
  ApiKeyRotateSchema,
  ApiKeySchema,
  type ApiKeyView,
  type Scope,
} from "../../shared/schemas/api-keys";
import { idParam } from "../../shared/schemas/common";
import { recordAudit } from "../audit";
import { generateApiKey, sha256Hex, visiblePrefix } from "../auth/api-keys";
import type { AppEnv } from "../context";
import { apiKeys } from "../db/schema";
import { hubFor } from "../hub-client";
import { createRouter } from "../router";
import { ProblemResponses } from "./problem-responses";
import { json, tenantSecurity } from "./security";

const KeyParams = idParam("key");
const CreatedSchema = z
  .object({
    apiKey: ApiKeySchema,
    key: z.string().describe("The secret key. Shown only in this response: store it now."),
  })
  .openapi("ApiKeyCreated");

type KeyRow = typeof apiKeys.$inferSelect;

function status(row: KeyRow, now: number): ApiKeyView["status"] {
  if (row.revokedAt) return "revoked";
  if (row.expiresAt && Date.parse(row.expiresAt) <= now) return "expired";
  if (row.rotatedAt) return "expiring";
  return "active";
}

export function apiKeyView(row: KeyRow, now = Date.now()): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: JSON.parse(row.scopes) as Scope[],
    status: status(row, now),
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    lastUsedAt: row.lastUsedAt,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
    rotatedFrom: row.rotatedFrom,
    rotatedAt: row.rotatedAt,
  };
}

function creator(c: Context<AppEnv>): string {
  const p = c.get("principal");
  return p.kind === "user" ? p.userId : p.keyId;
}

async function findKey(c: Context<AppEnv>, id: string): Promise<KeyRow> {
  const row = await drizzle(c.env.DB)
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.tenantId, c.get("principal").tenantId), eq(apiKeys.id, id)))
    .get();
  if (!row) throw problems.notFound(`API key ${id}`);
  return row;
}

/** A fresh secret and the row that stores only its hash. */
async function mint(
  c: Context<AppEnv>,
  fields: { name: string; scopes: Scope[]; expiresAt: string | null; rotatedFrom: string | null },
): Promise<{ key: string; row: KeyRow }> {
  const key = generateApiKey();
  const row: KeyRow = {
    id: newId("key"),
    tenantId: c.get("principal").tenantId,
    name: fields.name,
    prefix: visiblePrefix(key),
    keyHash: await sha256Hex(key),
    scopes: JSON.stringify([...new Set(fields.scopes)]),
    createdAt: new Date().toISOString(),
    lastUsedAt: null,
    expiresAt: fields.expiresAt,
    revokedAt: null,
    createdBy: creator(c),
    rotatedFrom: fields.rotatedFrom,
    rotatedAt: null,
  };
  return { key, row };
}

export const apiKeysRoutes = createRouter();

apiKeysRoutes.openapi(
  createRoute({
    method: "get",
    path: "/api-keys",
    operationId: "listApiKeys",
    description:
      "Every key of the tenant with its name, scopes, visible prefix, creation and last-use times, and rotation grace period if any. The secret itself is stored only as a hash and is never returned.",
    tags: ["API keys"],
    summary: "The tenant's API keys (never the secrets), newest first",
    security: tenantSecurity,
    responses: {
      200: { description: "Keys", ...json(z.object({ apiKeys: z.array(ApiKeySchema) })) },
      ...ProblemResponses,
    },
  }),
  async (c) => {
    const rows = await drizzle(c.env.DB)
      .select()
      .from(apiKeys)
      .where(eq(apiKeys.tenantId, c.get("principal").tenantId))
      .orderBy(desc(apiKeys.id))
      .all();
    const now = Date.now();
    return c.json({ apiKeys: rows.map((r) => apiKeyView(r, now)) }, 200);
  },
);

apiKeysRoutes.openapi(
  createRoute({
    method: "post",
    path: "/api-keys",
    operationId: "createApiKey",
    description:
      "Creates a key with the given name and scopes (`admin` holds every scope). The answer carries the secret (`wk_live_…`) once; store it, it cannot be shown again.",
    tags: ["API keys"],
    summary: "Create an API key (the secret is shown once)",
    security: tenantSecurity,
    request: { body: { required: true, ...json(ApiKeyCreateSchema) } },
    responses: { 201: { description: "Created", ...json(CreatedSchema) }, ...ProblemResponses },
  }),
  async (c) => {
    const { name, scopes, expiresAt } = c.req.valid("json");
    const { key, row } = await mint(c, {
      name,
      scopes,
      expiresAt: expiresAt ? new Date(expiresAt).toISOString() : null,
      rotatedFrom: null,
    });
    await drizzle(c.env.DB).insert(apiKeys).values(row);
    await recordAudit(c, row.tenantId, {
      action: "api_key.create",
      target: { type: "api_key", id: row.id },
      after: { name, scopes: JSON.parse(row.scopes), expiresAt: row.expiresAt, prefix: row.prefix },
    });
    return c.json({ apiKey: apiKeyView(row), key }, 201);
  },
);

apiKeysRoutes.openapi(
  createRoute({
    method: "post",
    path: "/api-keys/{id}/rotate",
    operationId: "rotateApiKey",
    tags: ["API keys"],
    summary: "Replace a key with a new one; the old one keeps working for a grace period",
    description:
      "The new key has the same name, scopes and expiry. The old key works for `gracePeriodSeconds` more (default 24 h), then stops, so clients can switch without downtime.",
    security: tenantSecurity,
    request: { params: KeyParams, body: { required: false, ...json(ApiKeyRotateSchema) } },
    responses: {
      201: {
        description: "The new key; `previous` is the old one with its new expiry",
        ...json(CreatedSchema.extend({ previous: ApiKeySchema })),
      },
      ...ProblemResponses,
    },
  }),
  async (c) => {
    const old = await findKey(c, c.req.valid("param").id);
    const grace = ApiKeyRotateSchema.parse(c.req.valid("json") ?? {}).gracePeriodSeconds;
    const now = Date.now();
    if (status(old, now) !== "active")
      throw problems.conflict(`API key ${old.id} is ${status(old, now)}; only an active key can be rotated.`);
    const graceEnds = now + grace * 1000;
    const oldExpiry =
      old.expiresAt && Date.parse(old.expiresAt) < graceEnds
        ? old.expiresAt
        : new Date(graceEnds).toISOString();
    const { key, row } = await mint(c, {
      name: old.name,
      scopes: JSON.parse(old.scopes) as Scope[],
      expiresAt: old.expiresAt,
      rotatedFrom: old.id,
    });
    const at = new Date(now).toISOString();
    // Claim the old key first: of two concurrent rotations of one key only one gets a new key.
    const claimed = await c.env.DB.prepare(
      `UPDATE api_keys SET rotated_at = ?, expires_at = ?
        WHERE id = ? AND tenant_id = ? AND rotated_at IS NULL AND revoked_at IS NULL`,
    )
      .bind(at, oldExpiry, old.id, old.tenantId)
      .run();
    if (claimed.meta.changes !== 1)
      throw problems.conflict(`API key ${old.id} was rotated or revoked meanwhile.`);
    await drizzle(c.env.DB).insert(apiKeys).values(row);
    if (grace === 0) await hubFor(c.env, old.tenantId).closeSocketsOf(principalTag("key", old.id));
    const previous = { ...old, rotatedAt: at, expiresAt: oldExpiry };
    await recordAudit(c, old.tenantId, {
      action: "api_key.rotate",
      target: { type: "api_key", id: old.id },
      before: { id: old.id, expiresAt: old.expiresAt },
      after: { id: old.id, expiresAt: oldExpiry, replacedBy: row.id },
    });
    return c.json({ apiKey: apiKeyView(row), key, previous: apiKeyView(previous) }, 201);
  },
);

apiKeysRoutes.openapi(
  createRoute({
    method: "delete",
    path: "/api-keys/{id}",
    operationId: "revokeApiKey",
    description:
      "Revokes the key: requests with it get 401 from now on, and live connections opened with it are closed. Audited as `api_key.revoke`.",
    tags: ["API keys"],
    summary: "Revoke a key (it stops working at once)",
    security: tenantSecurity,
    request: { params: KeyParams },
    responses: { 204: { description: "Revoked" }, ...ProblemResponses },
  }),
  async (c) => {
    const row = await findKey(c, c.req.valid("param").id);
    if (!row.revokedAt) {
      await c.env.DB.prepare(
        "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND tenant_id = ? AND revoked_at IS NULL",
      )
        .bind(new Date().toISOString(), row.id, row.tenantId)
        .run();
      await hubFor(c.env, row.tenantId).closeSocketsOf(principalTag("key", row.id));
      await recordAudit(c, row.tenantId, {
        action: "api_key.revoke",
        target: { type: "api_key", id: row.id },
        before: { name: row.name, prefix: row.prefix },
      });
    }
    return c.body(null, 204);
  },
);
