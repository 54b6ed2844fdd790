/**
 * The hub's SQLite schema, applied idempotently on start inside `blockConcurrencyWhile`.
 * A version row says which steps have run, so a new step is appended, never edited.
 */
const STEPS: string[][] = [
  [
    `CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
    // The agent's executor spec (kind, endpoint, simulation) and its governance state, as JSON.
    `CREATE TABLE IF NOT EXISTS agents (
       id TEXT PRIMARY KEY, spec TEXT NOT NULL, state TEXT NOT NULL, created_at INTEGER NOT NULL)`,
    // Every task the tenant submitted; `state` is the engine's TaskState as JSON.
    `CREATE TABLE IF NOT EXISTS tasks (
       id TEXT PRIMARY KEY, status TEXT NOT NULL, external_id TEXT, created_at INTEGER NOT NULL,
       state TEXT NOT NULL, payload TEXT)`,
    `CREATE INDEX IF NOT EXISTS tasks_status ON tasks (status, id)`,
    `CREATE TABLE IF NOT EXISTS task_agents (agent_id TEXT NOT NULL, task_id TEXT NOT NULL,
       PRIMARY KEY (agent_id, task_id)) WITHOUT ROWID`,
    // The event log: seq is gap-free because it is the rowid of an append-only table.
    `CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY, type TEXT NOT NULL, time INTEGER NOT NULL,
       body TEXT NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS idempotency (key TEXT PRIMARY KEY, body_hash TEXT NOT NULL,
       task_ids TEXT NOT NULL, created_at INTEGER NOT NULL)`,
  ],
  [
    // Audit rows not yet in D1, each the full row as JSON with its hash (see audit-log.ts).
    `CREATE TABLE IF NOT EXISTS audit_outbox (seq INTEGER PRIMARY KEY, body TEXT NOT NULL)`,
  ],
  [
    // Webhook endpoints (see webhook-store.ts); `secrets` holds sealed secrets only.
    `CREATE TABLE IF NOT EXISTS webhooks (id TEXT PRIMARY KEY, url TEXT NOT NULL, events TEXT NOT NULL,
       description TEXT, enabled INTEGER NOT NULL, secrets TEXT NOT NULL, created_at INTEGER NOT NULL,
       updated_at INTEGER NOT NULL, created_seq INTEGER NOT NULL, disabled_reason TEXT, disabled_at INTEGER,
       consecutive_failures INTEGER NOT NULL DEFAULT 0, failing_since INTEGER, last_success_at INTEGER,
       secret_rotated_at INTEGER)`,
  ],
  [
    // LLM tokens and cost, summed per task, per agent and per month (see llm-usage.ts).
    `CREATE TABLE IF NOT EXISTS llm_usage (scope TEXT NOT NULL, id TEXT NOT NULL, model TEXT,
       prompt_tokens INTEGER NOT NULL DEFAULT 0, completion_tokens INTEGER NOT NULL DEFAULT 0,
       cost_usd REAL NOT NULL DEFAULT 0, unpriced_calls INTEGER NOT NULL DEFAULT 0,
       PRIMARY KEY (scope, id)) WITHOUT ROWID`,
  ],
  [
    // Alert instances, firing and resolved (see alert-store.ts); subject '' is the tenant itself.
    `CREATE TABLE IF NOT EXISTS alerts (id TEXT PRIMARY KEY, rule TEXT NOT NULL, subject TEXT NOT NULL,
       state TEXT NOT NULL, fired_at INTEGER NOT NULL, resolved_at INTEGER, body TEXT NOT NULL)`,
    `CREATE UNIQUE INDEX IF NOT EXISTS alerts_firing ON alerts (rule, subject) WHERE state = 'firing'`,
    `CREATE INDEX IF NOT EXISTS alerts_state ON alerts (state, id)`,
  ],
  [
    // Prometheus counters and histograms (see hub-metrics.ts); `labels` is the canonical label key.
    `CREATE TABLE IF NOT EXISTS metric_counters (name TEXT NOT NULL, labels TEXT NOT NULL,
       value REAL NOT NULL, PRIMARY KEY (name, labels)) WITHOUT ROWID`,
    `CREATE TABLE IF NOT EXISTS metric_histograms (name TEXT NOT NULL, labels TEXT NOT NULL,
       buckets TEXT NOT NULL, sum REAL NOT NULL, PRIMARY KEY (name, labels)) WITHOUT ROWID`,
  ],
];

export function migrateHubSchema(sql: SqlStorage): void {
  sql.exec(`CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
  const row = sql.exec<{ value: string }>(`SELECT value FROM meta WHERE key = 'schema_version'`).toArray()[0];
  let version = row ? Number(row.value) : 0;
  while (version < STEPS.length) {
    for (const statement of STEPS[version] ?? []) sql.exec(statement);
    version += 1;
    sql.exec(`INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)`, String(version));
  }
}
