import { integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

// Mirrors migrations/*.sql (the migrations are the source of truth; keep the two in step).

export const tenants = sqliteTable("tenants", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  slug: text("slug").notNull().unique(),
  createdAt: text("created_at").notNull(),
});

export const apiKeys = sqliteTable("api_keys", {
  id: text("id").primaryKey(),
  tenantId: text("tenant_id").notNull(),
  name: text("name").notNull(),
  prefix: text("prefix").notNull(),
  keyHash: text("key_hash").notNull().unique(),
  scopes: text("scopes").notNull(),
  createdAt: text("created_at").notNull(),
  lastUsedAt: text("last_used_at"),
  expiresAt: text("expires_at"),
  revokedAt: text("revoked_at"),
});

export const taskHistory = sqliteTable(
  "task_history",
  {
    tenantId: text("tenant_id").notNull(),
    taskId: text("task_id").notNull(),
    externalId: text("external_id"),
    status: text("status").notNull(),
    reason: text("reason"),
    attempts: integer("attempts").notNull(),
    agentId: text("agent_id"),
    impact: real("impact").notNull(),
    urgency: real("urgency").notNull(),
    risk: real("risk").notNull(),
    createdAt: text("created_at").notNull(),
    finishedAt: text("finished_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.taskId] })],
);

export const taskAttempts = sqliteTable(
  "task_attempts",
  {
    tenantId: text("tenant_id").notNull(),
    taskId: text("task_id").notNull(),
    attempt: integer("attempt").notNull(),
    agentId: text("agent_id").notNull(),
    outcome: text("outcome").notNull(),
    latencyMs: integer("latency_ms"),
    seq: integer("seq").notNull(),
    at: text("at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.taskId, t.attempt] })],
);

export const trustHistory = sqliteTable(
  "trust_history",
  {
    tenantId: text("tenant_id").notNull(),
    seq: integer("seq").notNull(),
    agentId: text("agent_id").notNull(),
    trustBefore: real("trust_before").notNull(),
    trustAfter: real("trust_after").notNull(),
    cause: text("cause").notNull(),
    at: text("at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.seq] })],
);

export const agentStatusHistory = sqliteTable(
  "agent_status_history",
  {
    tenantId: text("tenant_id").notNull(),
    seq: integer("seq").notNull(),
    agentId: text("agent_id").notNull(),
    eventType: text("event_type").notNull(),
    status: text("status").notNull(),
    detail: text("detail").notNull(),
    at: text("at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.seq] })],
);

export const cycles = sqliteTable(
  "cycles",
  {
    tenantId: text("tenant_id").notNull(),
    id: text("id").notNull(),
    number: integer("number").notNull(),
    startedAt: text("started_at").notNull(),
    endedAt: text("ended_at").notNull(),
    results: integer("results").notNull(),
    successRate: real("success_rate").notNull(),
    meanTrust: real("mean_trust").notNull(),
    constraintScore: real("constraint_score").notNull(),
    thresholdBefore: real("threshold_before").notNull(),
    thresholdAfter: real("threshold_after").notNull(),
    reflection: text("reflection").notNull(),
    mutation: text("mutation").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);
