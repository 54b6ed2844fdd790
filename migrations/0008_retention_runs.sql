-- When the hourly retention run (decision 020) last finished for each tenant: the scheduled time
-- of that run, ISO 8601. The run fans out one queue message per tenant, so this is how operators
-- (and tests) see that every tenant's share of a run is done, and which tenants lag behind.
ALTER TABLE tenants ADD COLUMN retained_at TEXT;
