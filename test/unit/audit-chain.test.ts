import { describe, expect, it } from "vitest";
import {
  type AuditRow,
  auditHash,
  canonicalJson,
  GENESIS_HASH,
  toAuditInput,
} from "../../shared/audit-chain";

const row: AuditRow = {
  id: "aud_01jd0000000000000000000000",
  tenantId: "ten_01jd0000000000000000000000",
  seq: 7,
  at: "2026-11-22T10:00:00.000Z",
  actorType: "key",
  actorId: "key_01jd0000000000000000000000",
  action: "agent.suppress",
  targetType: "agent",
  targetId: "agt_01jd0000000000000000000000",
  reason: "flapping",
  requestId: "req_01jd0000000000000000000000",
  address: "203.0.113.9",
  userAgent: "curl/8.5",
  before: '{"status":"active"}',
  after: '{"status":"suppressed"}',
  prevHash: "a".repeat(64),
};

describe("canonical JSON", () => {
  it("sorts object keys at every depth, so key order never changes the text", () => {
    const a = { b: 1, a: { d: [{ z: 1, y: 2 }], c: null } };
    const b = { a: { c: null, d: [{ y: 2, z: 1 }] }, b: 1 };
    expect(canonicalJson(a)).toBe('{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson(b)).toBe(canonicalJson(a));
  });

  it("keeps array order and drops undefined members, as JSON.stringify does", () => {
    expect(canonicalJson([3, 1, 2])).toBe("[3,1,2]");
    expect(canonicalJson({ a: undefined, b: "x" })).toBe('{"b":"x"}');
    expect(canonicalJson(undefined)).toBe("null");
  });

  it("round-trips: canonical text parsed and re-serialised is the same text", () => {
    const text = canonicalJson({ trust: 0.1 + 0.2, name: "é\u2028", list: [true, null, -0.5e-7] });
    expect(canonicalJson(JSON.parse(text))).toBe(text);
  });
});

describe("the audit hash", () => {
  it("is sha256 hex of prev_hash | canonical JSON, stable for equal rows", () => {
    const hash = auditHash(row);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(auditHash({ ...row })).toBe(hash);
  });

  it("ignores properties outside the row (a stored hash column does not feed itself)", () => {
    expect(auditHash({ ...row, hash: "anything" } as AuditRow)).toBe(auditHash(row));
  });

  it.each(Object.keys(row) as (keyof AuditRow)[])("changes when %s changes", (field) => {
    const value = row[field];
    const changed = typeof value === "number" ? value + 1 : value === null ? "x" : `${value}x`;
    expect(auditHash({ ...row, [field]: changed })).not.toBe(auditHash(row));
  });

  it("changes when a nullable field goes from a value to null", () => {
    expect(auditHash({ ...row, reason: null })).not.toBe(auditHash(row));
    expect(auditHash({ ...row, before: null })).not.toBe(auditHash(row));
  });

  it("chains: the genesis row links to 64 zeros, the next to the genesis row's hash", () => {
    const first = { ...row, seq: 1, prevHash: GENESIS_HASH };
    const second = { ...row, seq: 2, prevHash: auditHash(first) };
    expect(GENESIS_HASH).toBe("0".repeat(64));
    expect(auditHash(second)).not.toBe(auditHash({ ...second, prevHash: GENESIS_HASH }));
  });
});

describe("audit input", () => {
  it("turns before/after into canonical JSON text and leaves them null when absent", () => {
    const input = toAuditInput({
      actor: { type: "user", id: "usr_1" },
      action: "user.role_change",
      before: { role: "viewer", since: 1 },
    });
    expect(input.before).toBe('{"role":"viewer","since":1}');
    expect(input.after).toBeNull();
  });
});
