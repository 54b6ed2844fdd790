import { env } from "cloudflare:workers";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { auditHash, canonicalJson } from "../../shared/audit-chain";
import { api, createAgent, createTenant } from "../helpers/api";
import { type AuditEntry, allEntries, type StoredAuditRow, storedRows } from "../helpers/audit";

const SIM = { successRate: 1, latencyMs: 1, seed: 2 };
/** A client whose user agent a spreadsheet would run as a formula. */
const HOSTILE_UA = '=HYPERLINK("https://evil.test","click")';

let t: { tenantId: string; key: string };
let agentId: string;

beforeAll(async () => {
  t = await createTenant("Export Co");
  agentId = await createAgent(t.key, { name: 'exported, "quoted"\nand multi-line', simulation: SIM });
  await api(`/api/v1/agents/${agentId}/suppress`, {
    key: t.key,
    body: { reason: 'reason with, comma and "quotes"' },
    headers: { "user-agent": HOSTILE_UA },
  });
  await api("/api/v1/governance/config", { key: t.key, method: "PATCH", body: { learningRate: 0.06 } });
});

describe("audit export", () => {
  it("JSON: an attachment holding every row oldest first, exactly as the list shows them", async () => {
    const res = await api<AuditEntry[]>("/api/v1/audit/export?format=json", { key: t.key });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(res.headers.get("content-disposition")).toMatch(
      /^attachment; filename="audit-ten_[0-9a-z]+-\d{4}-\d{2}-\d{2}\.json"$/,
    );
    expect(res.body).toEqual((await allEntries(t.key)).reverse());
    expect(res.body.map((r) => r.action)).toEqual(["agent.register", "agent.suppress", "config.change"]);
  });

  it("JSON: can be re-verified offline, without the API", async () => {
    const res = await api<AuditEntry[]>("/api/v1/audit/export?format=json", { key: t.key });
    let prev = "0".repeat(64);
    for (const e of res.body) {
      expect(e.prevHash).toBe(prev);
      const hash = auditHash({
        id: e.id,
        tenantId: t.tenantId,
        seq: e.seq,
        at: e.at,
        actorType: e.actor.type,
        actorId: e.actor.id,
        action: e.action,
        targetType: e.target?.type ?? null,
        targetId: e.target?.id ?? null,
        reason: e.reason,
        requestId: e.requestId,
        address: e.address,
        userAgent: e.userAgent,
        before: e.before === null ? null : canonicalJson(e.before),
        after: e.after === null ? null : canonicalJson(e.after),
        prevHash: e.prevHash,
      });
      expect(hash).toBe(e.hash);
      prev = e.hash;
    }
  });

  it("CSV: parses back to the stored rows, column for column", async () => {
    const res = await api<string>("/api/v1/audit/export?format=csv", { key: t.key });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="audit-.+\.csv"$/);
    const records = parse(res.body, { columns: true }) as Record<string, string>[];
    const stored = await storedRows(t.tenantId);
    expect(records).toHaveLength(stored.length);
    const columns = Object.keys(records[0] ?? {});
    expect(columns).toEqual([
      "id",
      "seq",
      "at",
      "actor_type",
      "actor_id",
      "action",
      "target_type",
      "target_id",
      "reason",
      "request_id",
      "address",
      "user_agent",
      "before",
      "after",
      "prev_hash",
      "hash",
    ]);
    records.forEach((record, i) => {
      const row = stored[i] as StoredAuditRow;
      for (const column of columns) {
        const value = row[column as keyof StoredAuditRow];
        const expected = value === null ? "" : String(value);
        // The one deliberate difference: a cell a spreadsheet would run as a formula is defused.
        if (column === "user_agent" && value === HOSTILE_UA) expect(record[column]).toBe(`'${HOSTILE_UA}`);
        else expect(record[column], `${column} of row ${row.seq}`).toBe(expected);
      }
    });
    expect(records[1]?.reason).toBe('reason with, comma and "quotes"');
    expect(JSON.parse(records[0]?.after ?? "")).toMatchObject({ name: 'exported, "quoted"\nand multi-line' });
  });

  it("applies the same filters as the list", async () => {
    const csv = await api<string>("/api/v1/audit/export?format=csv&action=agent.*", { key: t.key });
    const actions = (parse(csv.body, { columns: true }) as { action: string }[]).map((r) => r.action);
    expect(actions).toEqual(["agent.register", "agent.suppress"]);
    const json = await api<AuditEntry[]>("/api/v1/audit/export?format=json&action=nothing.here", {
      key: t.key,
    });
    expect(json.body).toEqual([]);
    const empty = await api<string>("/api/v1/audit/export?format=csv&action=nothing.here", { key: t.key });
    expect(parse(empty.body, { columns: true })).toEqual([]);
  });

  it("streams exports larger than one page of D1 reads", async () => {
    const big = await createTenant("Big Export Co");
    const hub = env.TENANT_HUB.get(env.TENANT_HUB.idFromName(big.tenantId));
    const n = 1200;
    for (let i = 0; i < n; i += 200)
      await Promise.all(
        Array.from({ length: 200 }, (_, j) =>
          hub.appendAudit({
            actor: { type: "system", id: null },
            action: "test.bulk",
            target: { type: "test", id: `n${i + j}` },
            before: null,
            after: null,
          }),
        ),
      );
    const json = await api<AuditEntry[]>("/api/v1/audit/export?format=json", { key: big.key });
    expect(json.body.map((r) => r.seq)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    const csv = await api<string>("/api/v1/audit/export?format=csv", { key: big.key });
    const records = parse(csv.body, { columns: true }) as { seq: string }[];
    expect(records.map((r) => Number(r.seq))).toEqual(Array.from({ length: n }, (_, i) => i + 1));
  });

  it("rejects an unknown format with a 400 naming format", async () => {
    const res = await api<{ errors: { field: string }[] }>("/api/v1/audit/export?format=xml", { key: t.key });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e) => e.field)).toContain("format");
  });
});
