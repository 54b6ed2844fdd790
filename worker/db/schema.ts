import { integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

// Mirrors migrations/*.sql (the migrations are the source of truth; keep the two in step).

export const tenants = sqliteTable("tenants", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  slug: text("slug").notNull().unique(),
  createdAt: text("created_at").notNull(),
  status: text("status").notNull().default("active"),
  settings: text("settings").notNull().default("{}"),
  suspendedAt: text("suspended_at"),
  suspendReason: text("suspend_reason"),
  retainedAt: text("retained_at"),
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
  createdBy: text("created_by"),
  rotatedFrom: text("rotated_from"),
  rotatedAt: text("rotated_at"),
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

export const users = sqliteTable("users", {
  id: text("id").primaryKey(),
  tenantId: text("tenant_id").notNull(),
  email: text("email").notNull().unique(),
  name: text("name"),
  role: text("role").notNull(),
  passwordHash: text("password_hash"),
  createdAt: text("created_at").notNull(),
  lastLoginAt: text("last_login_at"),
});

export const refreshTokens = sqliteTable("refresh_tokens", {
  id: text("id").primaryKey(),
  tenantId: text("tenant_id").notNull(),
  userId: text("user_id").notNull(),
  familyId: text("family_id").notNull(),
  tokenHash: text("token_hash").notNull().unique(),
  createdAt: text("created_at").notNull(),
  expiresAt: text("expires_at").notNull(),
  usedAt: text("used_at"),
  revokedAt: text("revoked_at"),
});

export const loginThrottle = sqliteTable("login_throttle", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull(),
  windowStartedAt: text("window_started_at").notNull(),
  lockedUntil: text("locked_until"),
});

export const invitations = sqliteTable("invitations", {
  id: text("id").primaryKey(),
  tenantId: text("tenant_id").notNull(),
  email: text("email").notNull(),
  role: text("role").notNull(),
  tokenHash: text("token_hash").notNull().unique(),
  invitedBy: text("invited_by"),
  createdAt: text("created_at").notNull(),
  expiresAt: text("expires_at").notNull(),
  acceptedAt: text("accepted_at"),
  revokedAt: text("revoked_at"),
});

export const ssoConnections = sqliteTable("sso_connections", {
  tenantId: text("tenant_id").primaryKey(),
  issuer: text("issuer").notNull(),
  clientId: text("client_id").notNull(),
  clientSecretEnc: text("client_secret_enc").notNull(),
  allowedDomains: text("allowed_domains").notNull(),
  defaultRole: text("default_role").notNull(),
  createdAt: text("created_at").notNull(),
  updatedAt: text("updated_at").notNull(),
});

export const ssoStates = sqliteTable("sso_states", {
  stateHash: text("state_hash").primaryKey(),
  tenantId: text("tenant_id").notNull(),
  nonce: text("nonce").notNull(),
  codeVerifier: text("code_verifier").notNull(),
  redirectUri: text("redirect_uri").notNull(),
  returnTo: text("return_to"),
  createdAt: text("created_at").notNull(),
  expiresAt: text("expires_at").notNull(),
});

export const ssoHandoffs = sqliteTable("sso_handoffs", {
  codeHash: text("code_hash").primaryKey(),
  tenantId: text("tenant_id").notNull(),
  userId: text("user_id").notNull(),
  createdAt: text("created_at").notNull(),
  expiresAt: text("expires_at").notNull(),
});

export const auditLog = sqliteTable("audit_log", {
  id: text("id").primaryKey(),
  tenantId: text("tenant_id").notNull(),
  seq: integer("seq").notNull(),
  at: text("at").notNull(),
  actorType: text("actor_type").notNull(),
  actorId: text("actor_id"),
  action: text("action").notNull(),
  targetType: text("target_type"),
  targetId: text("target_id"),
  reason: text("reason"),
  requestId: text("request_id"),
  address: text("address"),
  userAgent: text("user_agent"),
  before: text("before"),
  after: text("after"),
  prevHash: text("prev_hash").notNull(),
  hash: text("hash").notNull(),
});

export const tenantUsage = sqliteTable(
  "tenant_usage",
  {
    tenantId: text("tenant_id").notNull(),
    month: text("month").notNull(),
    tasksSubmitted: integer("tasks_submitted").notNull().default(0),
    tasksExecuted: integer("tasks_executed").notNull().default(0),
    apiCalls: integer("api_calls").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.month] })],
);

export const wsTickets = sqliteTable("ws_tickets", {
  ticketHash: text("ticket_hash").primaryKey(),
  tenantId: text("tenant_id").notNull(),
  principalKind: text("principal_kind").notNull(),
  principalId: text("principal_id").notNull(),
  sessionId: text("session_id"),
  createdAt: text("created_at").notNull(),
  expiresAt: integer("expires_at").notNull(),
});

export const webhookDeliveries = sqliteTable("webhook_deliveries", {
  id: text("id").primaryKey(),
  tenantId: text("tenant_id").notNull(),
  webhookId: text("webhook_id").notNull(),
  eventId: text("event_id").notNull(),
  eventType: text("event_type").notNull(),
  eventSeq: integer("event_seq").notNull(),
  payload: text("payload").notNull(),
  status: text("status").notNull(),
  attempts: integer("attempts").notNull().default(0),
  createdAt: text("created_at").notNull(),
  updatedAt: text("updated_at").notNull(),
});

export const webhookAttempts = sqliteTable(
  "webhook_attempts",
  {
    deliveryId: text("delivery_id").notNull(),
    attempt: integer("attempt").notNull(),
    tenantId: text("tenant_id").notNull(),
    webhookId: text("webhook_id").notNull(),
    at: text("at").notNull(),
    outcome: text("outcome").notNull(),
    statusCode: integer("status_code"),
    latencyMs: integer("latency_ms"),
    response: text("response"),
    error: text("error"),
  },
  (t) => [primaryKey({ columns: [t.deliveryId, t.attempt] })],
);
