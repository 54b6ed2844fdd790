-- Single-use WebSocket tickets (browsers cannot set headers on a WebSocket). Only the SHA-256 of
-- a ticket is stored; a row lives 30 s and is deleted when redeemed, so each ticket works once.
-- D1, not the tenant's hub: the worker must learn the tenant from the ticket alone.
CREATE TABLE ws_tickets (
  ticket_hash TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  -- "key" or "user", and the key's or user's id; the rest is re-read from its own table at redemption.
  principal_kind TEXT NOT NULL CHECK (principal_kind IN ('key', 'user')),
  principal_id TEXT NOT NULL,
  -- The login's refresh-token family for users, so a ticket dies with the session that made it.
  session_id TEXT,
  created_at TEXT NOT NULL,
  -- Unix milliseconds.
  expires_at INTEGER NOT NULL
);
CREATE INDEX ws_tickets_expiry ON ws_tickets (expires_at);
