-- History flushed from each tenant's hub. Rows are keyed by the hub's event seq (or the task id),
-- so a flush that is retried after a failure inserts nothing twice.

-- One row per task that reached a terminal state.
CREATE TABLE task_history (
  tenant_id TEXT NOT NULL,
  task_id TEXT NOT NULL,
  external_id TEXT,
  status TEXT NOT NULL CHECK (status IN ('succeeded', 'failed', 'cancelled')),
  reason TEXT,
  attempts INTEGER NOT NULL,
  agent_id TEXT,
  impact REAL NOT NULL,
  urgency REAL NOT NULL,
  risk REAL NOT NULL,
  created_at TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, task_id)
);
CREATE INDEX task_history_finished ON task_history (tenant_id, finished_at);

-- One row per finished attempt (the execution log).
CREATE TABLE task_attempts (
  tenant_id TEXT NOT NULL,
  task_id TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  agent_id TEXT NOT NULL,
  outcome TEXT NOT NULL,
  latency_ms INTEGER,
  seq INTEGER NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, task_id, attempt)
);
CREATE INDEX task_attempts_agent ON task_attempts (tenant_id, agent_id, at);

CREATE TABLE trust_history (
  tenant_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  agent_id TEXT NOT NULL,
  trust_before REAL NOT NULL,
  trust_after REAL NOT NULL,
  cause TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, seq)
);
CREATE INDEX trust_history_agent ON trust_history (tenant_id, agent_id, seq);

CREATE TABLE agent_status_history (
  tenant_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  agent_id TEXT NOT NULL,
  event_type TEXT NOT NULL,
  status TEXT NOT NULL,
  detail TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, seq)
);
CREATE INDEX agent_status_history_agent ON agent_status_history (tenant_id, agent_id, seq);

CREATE TABLE cycles (
  tenant_id TEXT NOT NULL,
  id TEXT NOT NULL,
  number INTEGER NOT NULL,
  started_at TEXT NOT NULL,
  ended_at TEXT NOT NULL,
  results INTEGER NOT NULL,
  success_rate REAL NOT NULL,
  mean_trust REAL NOT NULL,
  constraint_score REAL NOT NULL,
  threshold_before REAL NOT NULL,
  threshold_after REAL NOT NULL,
  -- The full reflection (counts, notes, trust before/after per agent) and the mutation, as JSON.
  reflection TEXT NOT NULL,
  mutation TEXT NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX cycles_tenant_number ON cycles (tenant_id, number);
