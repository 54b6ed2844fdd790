-- Identity and tenancy: users and sessions, invitations, SSO, login throttling, the audit chain.
-- Every tenant-owned row carries tenant_id and every query filters on it.

ALTER TABLE tenants ADD COLUMN status TEXT NOT NULL DEFAULT 'active';
ALTER TABLE tenants ADD COLUMN settings TEXT NOT NULL DEFAULT '{}';
ALTER TABLE tenants ADD COLUMN suspended_at TEXT;
ALTER TABLE tenants ADD COLUMN suspend_reason TEXT;

-- Keys made by rotation remember their predecessor; the predecessor keeps working until its
-- expires_at (the grace period) unless revoked.
ALTER TABLE api_keys ADD COLUMN created_by TEXT;
ALTER TABLE api_keys ADD COLUMN rotated_from TEXT;
ALTER TABLE api_keys ADD COLUMN rotated_at TEXT;

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  -- Lower-cased; unique across the platform, so an address names one account.
  email TEXT NOT NULL UNIQUE,
  name TEXT,
  role TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'admin', 'owner')),
  -- "pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>"; NULL for users who only sign in with SSO.
  password_hash TEXT,
  created_at TEXT NOT NULL,
  last_login_at TEXT
);
CREATE INDEX users_tenant ON users (tenant_id, id);

-- Refresh tokens rotate on every use; all tokens descending from one login share a family, and
-- presenting a used token revokes the family (it means the token was stolen).
CREATE TABLE refresh_tokens (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  family_id TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT,
  revoked_at TEXT
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user ON refresh_tokens (tenant_id, user_id);

-- Failed logins per account ("account:<email>") and per address ("address:<ip>").
CREATE TABLE login_throttle (
  key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  window_started_at TEXT NOT NULL,
  locked_until TEXT
);

CREATE TABLE invitations (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  email TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'admin', 'owner')),
  token_hash TEXT NOT NULL UNIQUE,
  invited_by TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  accepted_at TEXT,
  revoked_at TEXT
);
CREATE INDEX invitations_tenant ON invitations (tenant_id, id);

-- One OIDC connection per tenant. The client secret is AES-GCM ciphertext ("v1.<iv>.<ct>").
CREATE TABLE sso_connections (
  tenant_id TEXT PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
  issuer TEXT NOT NULL,
  client_id TEXT NOT NULL,
  client_secret_enc TEXT NOT NULL,
  allowed_domains TEXT NOT NULL,
  default_role TEXT NOT NULL CHECK (default_role IN ('viewer', 'operator', 'admin')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- A started SSO login: single use (deleted when the callback consumes it), short-lived.
CREATE TABLE sso_states (
  state_hash TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  nonce TEXT NOT NULL,
  code_verifier TEXT NOT NULL,
  redirect_uri TEXT NOT NULL,
  return_to TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);

-- The tamper-evident audit log. Rows are appended by the tenant's hub (one writer per tenant, so
-- the chain has no forks); hash = sha256(prev_hash | canonical JSON of the row's other columns).
CREATE TABLE audit_log (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  at TEXT NOT NULL,
  actor_type TEXT NOT NULL,
  actor_id TEXT,
  action TEXT NOT NULL,
  target_type TEXT,
  target_id TEXT,
  reason TEXT,
  request_id TEXT,
  address TEXT,
  user_agent TEXT,
  before TEXT,
  after TEXT,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  UNIQUE (tenant_id, seq)
);
CREATE INDEX audit_log_action ON audit_log (tenant_id, action, seq);
CREATE INDEX audit_log_actor ON audit_log (tenant_id, actor_id, seq);
CREATE INDEX audit_log_target ON audit_log (tenant_id, target_id, seq);

-- Append-only: rows are never updated in place. (Deleting a tenant deletes its rows.)
CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;

-- Monthly usage counters the hub and the rate limiter add to.
CREATE TABLE tenant_usage (
  tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  month TEXT NOT NULL,
  tasks_submitted INTEGER NOT NULL DEFAULT 0,
  tasks_executed INTEGER NOT NULL DEFAULT 0,
  api_calls INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, month)
);
