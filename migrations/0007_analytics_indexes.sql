-- Tenant-wide analytics read time ranges (GET /analytics); without these the range queries scan
-- every row of the tenant.
CREATE INDEX task_attempts_time ON task_attempts (tenant_id, at);
CREATE INDEX trust_history_time ON trust_history (tenant_id, at);
CREATE INDEX cycles_ended ON cycles (tenant_id, ended_at);
