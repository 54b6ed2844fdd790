import { z } from "@hono/zod-openapi";

/**
 * Tenant settings, stored as JSON in `tenants.settings`. Every field has a default, so `{}` is a
 * complete configuration and a field added later needs no data migration.
 *
 * Rate-limit defaults (tokens; a request costs 1, a batch of N tasks costs N):
 * - per key (and per signed-in user): burst 2,000, refilled at 200/s — a full 1,000-task batch
 *   passes with room to spare, and one client can sustain 12,000 tasks a minute;
 * - per tenant (all keys and users together): burst 10,000, refilled at 1,000/s, so several
 *   clients of one tenant can work at full speed while one tenant still cannot flood the platform.
 */
export const DEFAULT_RATE_LIMITS = {
  perKey: { burst: 2_000, perSecond: 200 },
  perTenant: { burst: 10_000, perSecond: 1_000 },
} as const;

const BucketSchema = z
  .strictObject({
    burst: z
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .describe(
        "Bucket size: the most tokens that can be spent at once. A batch larger than this is refused.",
      ),
    perSecond: z
      .number()
      .min(0.001)
      .max(1_000_000)
      .describe("Tokens added back per second (the sustained rate)."),
  })
  .openapi("RateLimitBucket");
export type BucketLimit = z.infer<typeof BucketSchema>;

const RateLimitsSchema = z
  .strictObject({
    perKey: BucketSchema.default({ ...DEFAULT_RATE_LIMITS.perKey }).describe(
      "One bucket per API key and per signed-in user.",
    ),
    perTenant: BucketSchema.default({ ...DEFAULT_RATE_LIMITS.perTenant }).describe(
      "One bucket shared by every key and user of the tenant.",
    ),
  })
  .openapi("RateLimits");
export type RateLimits = z.infer<typeof RateLimitsSchema>;

/** Open WebSockets per tenant (GET /ws); one more is closed with 1013 "try again later". */
export const DEFAULT_LIVE_CONNECTIONS = 1_000;
const LiveConnectionsSchema = z
  .number()
  .int()
  .min(1)
  .max(32_000)
  .describe("Most WebSockets the tenant may hold open at once on GET /ws.");

const ModelPriceSchema = z
  .strictObject({
    promptPerMillion: z.number().min(0).max(10_000).describe("US dollars per million prompt tokens."),
    completionPerMillion: z.number().min(0).max(10_000).describe("US dollars per million completion tokens."),
  })
  .openapi("ModelPrice");
export type ModelPrice = z.infer<typeof ModelPriceSchema>;

const ModelPricesSchema = z
  .record(z.string().trim().min(1).max(200), ModelPriceSchema)
  .refine((table) => Object.keys(table).length <= 200, "at most 200 models")
  .describe(
    "Price per model name, used to cost every LLM call when it runs. A model not listed is uncosted.",
  );

/** How long history is kept (decision 020). The audit log is kept forever unless the owner says otherwise. */
export const DEFAULT_HISTORY_DAYS = 90;
const HistoryDaysSchema = z
  .number()
  .int()
  .min(1)
  .max(3650)
  .describe("Days of task, trust, agent-status, cycle and webhook-delivery history kept in D1.");
const AuditDaysSchema = z
  .number()
  .int()
  .min(30)
  .max(3650)
  .nullable()
  .describe("Days of audit log kept; null keeps it forever. Only an owner may change it.");

const RetentionSchema = z
  .strictObject({
    historyDays: HistoryDaysSchema.default(DEFAULT_HISTORY_DAYS),
    auditDays: AuditDaysSchema.default(null),
  })
  .openapi("Retention", { example: { historyDays: 90, auditDays: null } });
export type Retention = z.infer<typeof RetentionSchema>;

export const TenantSettingsSchema = z
  .strictObject({
    rateLimits: RateLimitsSchema.prefault({}),
    liveConnections: LiveConnectionsSchema.default(DEFAULT_LIVE_CONNECTIONS),
    modelPrices: ModelPricesSchema.default({}),
    retention: RetentionSchema.prefault({}),
  })
  .openapi("TenantSettings");
export type TenantSettings = z.infer<typeof TenantSettingsSchema>;

/** Settings with every default filled in (what a tenant that never changed anything has). */
export function defaultTenantSettings(): TenantSettings {
  return TenantSettingsSchema.parse({});
}

/**
 * Stored settings with defaults filled in. Stored text that no longer parses (written by a
 * newer or older release) falls back to the defaults rather than locking the tenant out.
 */
export function parseTenantSettings(stored: string | null | undefined): TenantSettings {
  try {
    const result = TenantSettingsSchema.safeParse(JSON.parse(stored || "{}"));
    if (result.success) return result.data;
  } catch {
    // not JSON: use the defaults
  }
  return defaultTenantSettings();
}

/** A partial change: only the fields given are replaced; the result is validated as a whole. */
export const TenantSettingsPatchSchema = z
  .strictObject({
    rateLimits: z
      .strictObject({
        perKey: BucketSchema.partial().optional(),
        perTenant: BucketSchema.partial().optional(),
      })
      .optional(),
    liveConnections: LiveConnectionsSchema.optional(),
    modelPrices: z
      .record(z.string().trim().min(1).max(200), ModelPriceSchema.nullable())
      .optional()
      .describe("Models to add or reprice; null removes a model's price."),
    retention: z
      .strictObject({ historyDays: HistoryDaysSchema.optional(), auditDays: AuditDaysSchema.optional() })
      .optional(),
  })
  .openapi("TenantSettingsPatch");
export type TenantSettingsPatch = z.infer<typeof TenantSettingsPatchSchema>;

/** `current` with `patch` laid over it, field by field, then validated in full. */
export function mergeTenantSettings(current: TenantSettings, patch: TenantSettingsPatch): TenantSettings {
  const rl = patch.rateLimits;
  const modelPrices: Record<string, ModelPrice> = { ...current.modelPrices };
  for (const [model, price] of Object.entries(patch.modelPrices ?? {})) {
    if (price === null) delete modelPrices[model];
    else modelPrices[model] = price;
  }
  return TenantSettingsSchema.parse({
    ...current,
    modelPrices,
    liveConnections: patch.liveConnections ?? current.liveConnections,
    retention: { ...current.retention, ...patch.retention },
    rateLimits: {
      perKey: { ...current.rateLimits.perKey, ...rl?.perKey },
      perTenant: { ...current.rateLimits.perTenant, ...rl?.perTenant },
    },
  });
}

export const TenantPatchSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100).optional(),
    settings: TenantSettingsPatchSchema.optional(),
  })
  .openapi("TenantPatch");

export const TenantDeleteSchema = z
  .strictObject({
    confirm: z.string().max(100).describe("The tenant's slug, typed out to confirm the deletion."),
  })
  .openapi("TenantDelete");

export const TenantStatusSchema = z.enum(["active", "suspended"]).openapi("TenantStatus");

/** Usage is counted per calendar month in UTC. */
export function usageMonth(now: number = Date.now()): string {
  return new Date(now).toISOString().slice(0, 7);
}

export const UsageSchema = z
  .object({
    month: z.string().openapi({ example: "2026-11", description: "Calendar month in UTC (YYYY-MM)." }),
    tasksSubmitted: z.number().int().describe("Tasks accepted this month (replayed batches not counted)."),
    tasksExecuted: z
      .number()
      .int()
      .describe("Attempts this month that ran on an agent and reported an outcome; a retry counts again."),
    apiCalls: z.number().int().describe("Requests this month that passed the rate limits."),
  })
  .openapi("Usage");

export const TenantLlmUsageSchema = z
  .object({
    promptTokens: z.number().int(),
    completionTokens: z.number().int(),
    costUsd: z.number().describe("US dollars, at the prices in force when each call ran."),
    unpricedCalls: z.number().int().describe("Calls whose model had no price."),
  })
  .openapi("TenantLlmUsage");
export type Usage = z.infer<typeof UsageSchema>;

const TenantBaseSchema = z.object({
  id: z.string().openapi({ example: "ten_01jd0000000000000000000000" }),
  name: z.string(),
  slug: z.string(),
  status: TenantStatusSchema,
  createdAt: z.string(),
});

export const TenantSchema = TenantBaseSchema.extend({
  settings: TenantSettingsSchema,
  usage: UsageSchema.extend({
    agents: z.number().int().describe("Agents registered now."),
    llm: TenantLlmUsageSchema.describe("This month's LLM tokens and cost, all agents together."),
  }),
}).openapi("Tenant");
export type TenantView = z.infer<typeof TenantSchema>;

export const AdminTenantSchema = TenantBaseSchema.extend({
  suspendedAt: z.string().nullable(),
  suspendReason: z.string().nullable(),
  usage: UsageSchema.describe("This month's usage as last reported to D1 (a few seconds behind at most)."),
}).openapi("AdminTenant");
export type AdminTenantView = z.infer<typeof AdminTenantSchema>;
