-- Tenancy and API keys. Every row that belongs to a tenant carries tenant_id, and every query
-- filters on it: isolation is by construction, not by convention.
CREATE TABLE tenants (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  slug TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);

CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  -- The visible start of the key (wk_live_ + 8 chars), so a user can tell keys apart.
  prefix TEXT NOT NULL,
  -- SHA-256 of the whole key, hex. The key itself is never stored.
  key_hash TEXT NOT NULL UNIQUE,
  scopes TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_used_at TEXT,
  expires_at TEXT,
  revoked_at TEXT
);
CREATE INDEX api_keys_tenant ON api_keys (tenant_id, id);
