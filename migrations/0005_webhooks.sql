-- Webhook delivery log. Endpoints themselves live in each tenant's hub (decision 010); these rows
-- record what was sent to them. One delivery per (event, endpoint), its id derived from both so a
-- repeated dispatch finds the same row; one attempt row per POST, replays included.

CREATE TABLE webhook_deliveries (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  webhook_id TEXT NOT NULL,
  event_id TEXT NOT NULL,
  event_type TEXT NOT NULL,
  event_seq INTEGER NOT NULL,
  -- The event envelope exactly as signed, so a replay sends the same bytes.
  payload TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (tenant_id, webhook_id, id);
CREATE INDEX webhook_deliveries_status ON webhook_deliveries (tenant_id, webhook_id, status, created_at);

CREATE TABLE webhook_attempts (
  delivery_id TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  tenant_id TEXT NOT NULL,
  webhook_id TEXT NOT NULL,
  at TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('delivered', 'failed', 'gone', 'skipped')),
  status_code INTEGER,
  latency_ms INTEGER,
  -- First 1 KB of the response body.
  response TEXT,
  error TEXT,
  PRIMARY KEY (delivery_id, attempt)
);
CREATE INDEX webhook_attempts_tenant ON webhook_attempts (tenant_id, webhook_id);
