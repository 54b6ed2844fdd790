import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { api, createAgent, createTenant, type Problem } from "../helpers/api";
import { type AuditEntry, allEntries, firstKeyId, verify } from "../helpers/audit";

const UA = "warden-audit-test/1.0";
const ADDRESS = "203.0.113.7";

/** Calls the API as one identifiable client, so its rows can be checked for address and user agent. */
function call<T = Record<string, unknown>>(
  key: string,
  path: string,
  init: { method?: string; body?: unknown } = {},
) {
  return api<T>(path, { key, ...init, headers: { "user-agent": UA, "cf-connecting-ip": ADDRESS } });
}

const SIM = { successRate: 1, latencyMs: 1, seed: 1 };

describe("every agent and config change leaves its own audit row", () => {
  let t: { tenantId: string; key: string };
  let keyId: string;
  let agentId: string;
  /** The x-request-id of each call, by action. */
  const requestIds = new Map<string, string>();

  const expectRow = (row: AuditEntry | undefined, action: string) => {
    expect(row).toBeDefined();
    expect(row?.action).toBe(action);
    expect(row?.actor).toEqual({ type: "key", id: keyId });
    expect(row?.requestId).toBe(requestIds.get(action));
    expect(row?.userAgent).toBe(UA);
    expect(row?.address).toBe(ADDRESS);
  };

  beforeAll(async () => {
    t = await createTenant("Audited Co");
    keyId = await firstKeyId(t.tenantId);
    const steps: [string, () => Promise<{ status: number; headers: Headers; body: unknown }>][] = [
      [
        "agent.register",
        async () => {
          const res = await call<{ id: string }>(t.key, "/api/v1/agents", {
            body: { name: "scribe", kind: "simulated", capabilities: ["general"], simulation: SIM },
          });
          agentId = res.body.id;
          return res;
        },
      ],
      [
        "agent.update",
        () => call(t.key, `/api/v1/agents/${agentId}`, { method: "PATCH", body: { name: "scribe-2" } }),
      ],
      [
        "agent.trust_override",
        () =>
          call(t.key, `/api/v1/agents/${agentId}/trust`, { body: { trust: 0.9, reason: "vetted by ops" } }),
      ],
      [
        "agent.suppress",
        () => call(t.key, `/api/v1/agents/${agentId}/suppress`, { body: { reason: "noisy" } }),
      ],
      [
        "agent.reinstate",
        () => call(t.key, `/api/v1/agents/${agentId}/reinstate`, { body: { reason: "fixed" } }),
      ],
      [
        "config.change",
        () => call(t.key, "/api/v1/governance/config", { method: "PATCH", body: { learningRate: 0.07 } }),
      ],
      ["agent.remove", () => call(t.key, `/api/v1/agents/${agentId}`, { method: "DELETE" })],
    ];
    for (const [action, step] of steps) {
      const res = await step();
      expect(res.status, `${action}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
      requestIds.set(action, res.headers.get("x-request-id") ?? "");
    }
  });

  it("the agent's rows are exactly its six changes, in order, each readable as soon as the call returned", async () => {
    const rows = await allEntries(t.key, `target=${agentId}`);
    expect(rows.map((r) => r.action).reverse()).toEqual([
      "agent.register",
      "agent.update",
      "agent.trust_override",
      "agent.suppress",
      "agent.reinstate",
      "agent.remove",
    ]);
    for (const r of rows) expect(r.target).toEqual({ type: "agent", id: agentId });
  });

  it("register keeps the new agent as after; update keeps before and after", async () => {
    const [register] = await allEntries(t.key, `target=${agentId}&action=agent.register`);
    const [update] = await allEntries(t.key, `target=${agentId}&action=agent.update`);
    expectRow(register, "agent.register");
    expect(register?.before).toBeNull();
    expect(register?.after).toMatchObject({ id: agentId, name: "scribe", capabilities: ["general"] });
    expectRow(update, "agent.update");
    expect(update?.before).toMatchObject({ id: agentId, name: "scribe" });
    expect(update?.after).toMatchObject({ id: agentId, name: "scribe-2" });
  });

  it("trust override keeps the reason and the trust before and after", async () => {
    const [row] = await allEntries(t.key, "action=agent.trust_override");
    expectRow(row, "agent.trust_override");
    expect(row?.reason).toBe("vetted by ops");
    expect(row?.before).toEqual({ trust: 0.5 });
    expect(row?.after).toEqual({ trust: 0.9 });
  });

  it("suppress and reinstate keep their reasons and the status change", async () => {
    const [suppress] = await allEntries(t.key, "action=agent.suppress");
    expectRow(suppress, "agent.suppress");
    expect(suppress?.reason).toBe("noisy");
    expect(suppress?.before).toMatchObject({ status: "active", suppressedUntil: null });
    expect(suppress?.after).toMatchObject({ status: "suppressed" });
    const [reinstate] = await allEntries(t.key, "action=agent.reinstate");
    expectRow(reinstate, "agent.reinstate");
    expect(reinstate?.reason).toBe("fixed");
    expect(reinstate?.before).toMatchObject({ status: "suppressed" });
    expect(reinstate?.after).toEqual({ status: "active", suppressedUntil: null });
  });

  it("remove keeps the agent as it was", async () => {
    const [row] = await allEntries(t.key, "action=agent.remove");
    expectRow(row, "agent.remove");
    expect(row?.before).toMatchObject({ id: agentId, name: "scribe-2", trust: 0.9 });
    expect(row?.after).toBeNull();
  });

  it("a config change keeps the whole config before and after", async () => {
    const rows = await allEntries(t.key, "action=config.change");
    expect(rows).toHaveLength(1);
    expectRow(rows[0], "config.change");
    expect(rows[0]?.target).toEqual({ type: "config", id: null });
    const before = rows[0]?.before as { learningRate: number };
    const after = rows[0]?.after as { learningRate: number };
    expect(after.learningRate).toBe(0.07);
    expect(before.learningRate).not.toBe(0.07);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
  });

  it("a refused command leaves no row", async () => {
    const other = await createAgent(t.key, { name: "idle", simulation: SIM });
    const refused = await call(t.key, `/api/v1/agents/${other}/reinstate`, {
      body: { reason: "already active" },
    });
    expect(refused.status).toBe(409);
    expect((await allEntries(t.key, `target=${other}`)).map((r) => r.action)).toEqual(["agent.register"]);
  });

  it("rows chain: seq is gap-free, each row links to the one before, and verify agrees", async () => {
    const rows = (await allEntries(t.key)).reverse();
    rows.forEach((r, i) => {
      expect(r.seq).toBe(i + 1);
      if (i > 0) expect(r.prevHash).toBe(rows[i - 1]?.hash);
    });
    expect(rows[0]?.prevHash).toBe("0".repeat(64));
    expect(await verify(t.key)).toEqual({ valid: true, checked: rows.length, firstBrokenId: null });
  });
});

describe("listing: filters and cursor", () => {
  let t: { tenantId: string; key: string };
  let agents: string[];

  beforeAll(async () => {
    t = await createTenant("Filtered Co");
    agents = [];
    for (const name of ["a1", "a2", "a3"]) agents.push(await createAgent(t.key, { name, simulation: SIM }));
    for (const id of agents)
      await call(t.key, `/api/v1/agents/${id}/suppress`, { body: { reason: "drill" } });
    await call(t.key, "/api/v1/governance/config", { method: "PATCH", body: { learningRate: 0.05 } });
  });

  it("pages newest first through a stable cursor, every row once", async () => {
    const all = await allEntries(t.key, "", 200);
    expect(all).toHaveLength(7);
    const paged = await allEntries(t.key, "", 2);
    expect(paged.map((r) => r.id)).toEqual(all.map((r) => r.id));
    expect(paged.map((r) => r.seq)).toEqual([7, 6, 5, 4, 3, 2, 1]);
  });

  it("filters by exact action, by action prefix, by target and by actor", async () => {
    expect(await allEntries(t.key, "action=agent.suppress")).toHaveLength(3);
    expect((await allEntries(t.key, "action=agent.*")).map((r) => r.action).sort()).toEqual(
      [...Array(3).fill("agent.register"), ...Array(3).fill("agent.suppress")].sort(),
    );
    expect(await allEntries(t.key, "action=config.*")).toHaveLength(1);
    // A prefix matches whole segments only: `agent.*` is not `agents.*`.
    expect(await allEntries(t.key, "action=agen.*")).toHaveLength(0);
    const target = await allEntries(t.key, `target=${agents[1]}`);
    expect(target.map((r) => r.action)).toEqual(["agent.suppress", "agent.register"]);
    const keyId = await firstKeyId(t.tenantId);
    expect(await allEntries(t.key, `actor=${keyId}`)).toHaveLength(7);
    expect(await allEntries(t.key, "actor=key_01jd0000000000000000000000")).toHaveLength(0);
  });

  it("filters by time range: from inclusive, to exclusive", async () => {
    const all = await allEntries(t.key);
    const third = all.find((r) => r.seq === 3);
    expect(third).toBeDefined();
    const at = third?.at ?? "";
    const from = await allEntries(t.key, `from=${encodeURIComponent(at)}`);
    expect(Math.min(...from.map((r) => r.seq))).toBeLessThanOrEqual(3);
    expect(from.every((r) => r.at >= at)).toBe(true);
    const to = await allEntries(t.key, `to=${encodeURIComponent(at)}`);
    expect(to.every((r) => r.at < at)).toBe(true);
    expect(from.length + to.length).toBe(all.length);
    // Any offset is accepted and compared as the same instant.
    expect(await allEntries(t.key, "from=2100-01-01T01:00:00%2B01:00")).toHaveLength(0);
    expect(await allEntries(t.key, "from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z")).toHaveLength(7);
  });

  it.each([
    ["action=Agent Suppress", "action"],
    ["action=agent.*.*", "action"],
    ["from=yesterday", "from"],
    ["to=2026-13-01T00:00:00Z", "to"],
    ["from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "to"],
    ["limit=201", "limit"],
    ["cursor=not-a-cursor!", "cursor"],
  ])("rejects %s with a 400 naming %s", async (query, field) => {
    const res = await api<Problem>(`/api/v1/audit?${query}`, { key: t.key });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(res.body.errors?.map((e) => e.field)).toContain(field);
  });

  it("is described in the OpenAPI document, filters included", async () => {
    type Operation = { tags: string[]; parameters?: { name: string; in: string }[] };
    const doc = await api<{ paths: Record<string, Record<string, Operation>> }>("/api/v1/openapi.json");
    for (const path of ["/audit", "/audit/export", "/audit/verify"])
      expect(doc.body.paths[path]?.get?.tags).toEqual(["Audit"]);
    const names = (path: string) => doc.body.paths[path]?.get?.parameters?.map((p) => p.name).sort();
    expect(names("/audit")).toEqual(["action", "actor", "cursor", "from", "limit", "target", "to"]);
    expect(names("/audit/export")).toEqual(["action", "actor", "format", "from", "target", "to"]);
  });
});

describe("tenants see only their own audit log", () => {
  it("lists, filters, exports and verifies only the caller's rows", async () => {
    const a = await createTenant("Audit A");
    const b = await createTenant("Audit B");
    const agentOfA = await createAgent(a.key, { name: "a-only", simulation: SIM });
    await createAgent(b.key, { name: "b-only", simulation: SIM });

    const seenByB = await allEntries(b.key);
    expect(seenByB).toHaveLength(1);
    expect(seenByB.some((r) => r.target?.id === agentOfA)).toBe(false);
    expect(await allEntries(b.key, `target=${agentOfA}`)).toHaveLength(0);
    const exported = await api<AuditEntry[]>("/api/v1/audit/export?format=json", { key: b.key });
    expect(exported.body.map((r) => r.id)).toEqual(seenByB.map((r) => r.id));
    // B's chain is its own: it starts at seq 1 whatever A wrote.
    expect(await verify(b.key)).toEqual({ valid: true, checked: 1, firstBrokenId: null });
  });
});

describe("the hub serialises writers", () => {
  it("hundreds of concurrent appends make one gap-free, valid chain, all in D1 when each call returns", async () => {
    const t = await createTenant("Busy Co");
    const hub = env.TENANT_HUB.get(env.TENANT_HUB.idFromName(t.tenantId));
    const n = 300;
    const appended = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        hub.appendAudit({
          actor: { type: "system", id: null },
          action: "test.burst",
          target: { type: "test", id: `n${i}` },
          reason: null,
          requestId: null,
          address: null,
          userAgent: null,
          before: null,
          after: JSON.stringify({ i }),
        }),
      ),
    );
    expect(new Set(appended.map((x) => x.seq)).size).toBe(n);
    const rows = await allEntries(t.key, "action=test.burst");
    expect(rows).toHaveLength(n);
    expect(rows.map((r) => r.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    expect(await verify(t.key)).toEqual({ valid: true, checked: n, firstBrokenId: null });
  });
});
