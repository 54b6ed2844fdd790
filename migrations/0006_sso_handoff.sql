-- An SSO sign-in finished at the callback, waiting for the dashboard that started it to collect
-- the session. The dashboard runs on another origin, so the API's cookie cannot reach it: the
-- callback hands it a one-time code in the redirect instead, and the dashboard's server trades
-- the code for a session. Only the code's SHA-256 is stored; a row lives 60 s and is deleted by
-- the exchange that consumes it, so each code works once.
CREATE TABLE sso_handoffs (
  code_hash TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX sso_handoffs_expiry ON sso_handoffs (expires_at);
