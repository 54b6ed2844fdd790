import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TenantHub } from "../../durable-objects/tenant-hub";
import { auditHash } from "../../shared/audit-chain";
import { api, createAgent, createTenant, waitFor } from "../helpers/api";
import { allEntries, type StoredAuditRow, storedRows, verify } from "../helpers/audit";

const SIM = { successRate: 1, latencyMs: 1, seed: 3 };
const TRIGGER = `CREATE TRIGGER IF NOT EXISTS audit_log_append_only BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END`;

/** A tenant with an audit chain of 1 + `changes` rows (a registration, then renames). */
async function tenantWithChain(changes: number) {
  const t = await createTenant("Chained Co");
  const agentId = await createAgent(t.key, { name: "a0", simulation: SIM });
  for (let i = 1; i <= changes; i++)
    await api(`/api/v1/agents/${agentId}`, { key: t.key, method: "PATCH", body: { name: `a${i}` } });
  const rows = await storedRows(t.tenantId);
  expect(rows).toHaveLength(changes + 1);
  return { ...t, rows };
}

const row = (rows: StoredAuditRow[], seq: number): StoredAuditRow => {
  const found = rows.find((r) => r.seq === seq);
  if (!found) throw new Error(`no row ${seq}`);
  return found;
};

const exec = (sql: string, ...binds: unknown[]) =>
  env.DB.prepare(sql)
    .bind(...binds)
    .run();

describe("the audit table refuses edits", () => {
  it("an UPDATE through the application's database is aborted by the append-only trigger", async () => {
    const t = await tenantWithChain(1);
    await expect(exec(`UPDATE audit_log SET reason = 'x' WHERE id = ?`, t.rows[0]?.id)).rejects.toThrow(
      /append-only/,
    );
  });
});

describe("verify finds tampering", () => {
  // Models an attacker with direct write access to the database: they can drop the trigger.
  beforeAll(() => exec("DROP TRIGGER audit_log_append_only"));
  afterAll(() => exec(TRIGGER));

  it("is valid on an untouched log and counts every row", async () => {
    const t = await tenantWithChain(4);
    expect(await verify(t.key)).toEqual({ valid: true, checked: 5, firstBrokenId: null });
  });

  it("an edited reason breaks exactly that row, and undoing the edit mends the chain", async () => {
    const t = await tenantWithChain(4);
    const target = row(t.rows, 3);
    await exec(`UPDATE audit_log SET reason = 'nothing to see' WHERE id = ?`, target.id);
    expect(await verify(t.key)).toEqual({ valid: false, checked: 3, firstBrokenId: target.id });
    await exec(`UPDATE audit_log SET reason = ? WHERE id = ?`, target.reason, target.id);
    expect((await verify(t.key)).valid).toBe(true);
  });

  it("an edited after (or actor) breaks exactly that row", async () => {
    const t = await tenantWithChain(4);
    const target = row(t.rows, 2);
    await exec(`UPDATE audit_log SET after = '{"name":"innocent"}' WHERE id = ?`, target.id);
    expect(await verify(t.key)).toMatchObject({ valid: false, firstBrokenId: target.id });

    const u = await tenantWithChain(4);
    const other = row(u.rows, 4);
    await exec(`UPDATE audit_log SET actor_id = 'key_someoneelse' WHERE id = ?`, other.id);
    expect(await verify(u.key)).toMatchObject({ valid: false, firstBrokenId: other.id });
  });

  it("a deleted row is reported at the row that follows the gap", async () => {
    const t = await tenantWithChain(4);
    await exec(`DELETE FROM audit_log WHERE id = ?`, row(t.rows, 3).id);
    expect(await verify(t.key)).toEqual({ valid: false, checked: 3, firstBrokenId: row(t.rows, 4).id });
  });

  it("a deleted last row is caught by the hub's record of what it flushed", async () => {
    const t = await tenantWithChain(3);
    await exec(`DELETE FROM audit_log WHERE id = ?`, row(t.rows, 4).id);
    expect(await verify(t.key)).toEqual({ valid: false, checked: 3, firstBrokenId: null });
  });

  it("rewriting the chain from an edit onwards, hashes recomputed, is still caught", async () => {
    const t = await tenantWithChain(4);
    let prevHash = row(t.rows, 2).hash;
    for (const r of t.rows.filter((x) => x.seq >= 3)) {
      const reason = r.seq === 3 ? "rewritten" : r.reason;
      const hash = auditHash({
        id: r.id,
        tenantId: r.tenant_id,
        seq: r.seq,
        at: r.at,
        actorType: r.actor_type,
        actorId: r.actor_id,
        action: r.action,
        targetType: r.target_type,
        targetId: r.target_id,
        reason,
        requestId: r.request_id,
        address: r.address,
        userAgent: r.user_agent,
        before: r.before,
        after: r.after,
        prevHash,
      });
      await exec(
        `UPDATE audit_log SET reason = ?, prev_hash = ?, hash = ? WHERE id = ?`,
        reason,
        prevHash,
        hash,
        r.id,
      );
      prevHash = hash;
    }
    // Every link is consistent now; only the hub's anchor (the last row it flushed) disagrees.
    expect(await verify(t.key)).toEqual({ valid: false, checked: 5, firstBrokenId: row(t.rows, 5).id });
  });

  it("a forged row appended after the hub's head is reported", async () => {
    const t = await tenantWithChain(1);
    const last = row(t.rows, 2);
    const forged = {
      id: "aud_01jd0000000000000000000000",
      tenantId: t.tenantId,
      seq: 3,
      at: new Date().toISOString(),
      actorType: "system",
      actorId: null,
      action: "agent.update",
      targetType: null,
      targetId: null,
      reason: "forged",
      requestId: null,
      address: null,
      userAgent: null,
      before: null,
      after: null,
      prevHash: last.hash,
    };
    await exec(
      `INSERT INTO audit_log (id, tenant_id, seq, at, actor_type, action, reason, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      forged.id,
      forged.tenantId,
      forged.seq,
      forged.at,
      forged.actorType,
      forged.action,
      forged.reason,
      forged.prevHash,
      auditHash(forged),
    );
    expect(await verify(t.key)).toEqual({ valid: false, checked: 3, firstBrokenId: forged.id });
  });

  it("tampering with another tenant's log does not touch this tenant's verdict", async () => {
    const a = await tenantWithChain(2);
    const b = await tenantWithChain(2);
    await exec(`UPDATE audit_log SET reason = 'x' WHERE id = ?`, row(a.rows, 2).id);
    expect((await verify(a.key)).valid).toBe(false);
    expect(await verify(b.key)).toEqual({ valid: true, checked: 3, firstBrokenId: null });
  });
});

describe("the chain survives failures", () => {
  it("rows appended while D1 is failing stay in the hub and reach D1 on the alarm's retry", async () => {
    const t = await createTenant("Flaky Co");
    const agentId = await createAgent(t.key, { name: "steady", simulation: SIM });
    // D1 refusing the audit write (the table is out of reach) must not refuse the change itself.
    await exec("ALTER TABLE audit_log RENAME TO audit_log_parked");
    let suppressed: { status: number };
    try {
      suppressed = await api(`/api/v1/agents/${agentId}/suppress`, {
        key: t.key,
        body: { reason: "outage" },
      });
      const reached = await env.DB.prepare(`SELECT COUNT(*) AS n FROM audit_log_parked WHERE tenant_id = ?`)
        .bind(t.tenantId)
        .first<{ n: number }>();
      expect(reached?.n).toBe(1);
    } finally {
      await exec("ALTER TABLE audit_log_parked RENAME TO audit_log");
    }
    expect(suppressed.status).toBe(200);
    const rows = await waitFor(
      async () => {
        const found = await allEntries(t.key);
        return found.length === 2 ? found : undefined;
      },
      { what: "the held-back audit row to reach D1", timeoutMs: 15_000 },
    );
    expect(rows.map((r) => r.action)).toEqual(["agent.suppress", "agent.register"]);
    expect(await verify(t.key)).toEqual({ valid: true, checked: 2, firstBrokenId: null });
  });

  it("a restarted hub continues the same chain", async () => {
    const t = await createTenant("Restarted Co");
    await createAgent(t.key, { name: "before-restart", simulation: SIM });
    const stub = env.TENANT_HUB.get(env.TENANT_HUB.idFromName(t.tenantId));
    await runInDurableObject(stub, async (_instance, state) => {
      // What the runtime does after an eviction: a fresh object over the same storage.
      const fresh = new TenantHub(state, env);
      await state.blockConcurrencyWhile(async () => {});
      const appended = await fresh.appendAudit({
        actor: { type: "system", id: null },
        action: "test.after_restart",
        before: null,
        after: null,
      });
      expect(appended.seq).toBe(2);
    });
    expect((await allEntries(t.key)).map((r) => r.seq)).toEqual([2, 1]);
    expect(await verify(t.key)).toEqual({ valid: true, checked: 2, firstBrokenId: null });
  });
});
