import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { type Access, ROUTE_POLICY } from "../../shared/route-policy";
import { SCOPES } from "../../shared/schemas/api-keys";
import { ROLES, type Role, roleAtLeast } from "../../shared/schemas/identity";
import { api } from "../helpers/api";
import { addKey, teamOfFour } from "../helpers/roles";

/**
 * Walks ROUTE_POLICY — the one table that says who may call what — for every role and every key
 * scope, and checks the table covers exactly the routes the API documents.
 */

type TenantAccess = Extract<Access, { kind: "tenant" }>;
const tenantRoutes = Object.entries(ROUTE_POLICY).filter(
  (e): e is [string, TenantAccess] => e[1].kind === "tenant",
);

/** A well-formed id that exists nowhere: the request gets past validation but touches nothing. */
function fill(path: string): string {
  const ids: Record<string, string> = {
    agents: "agt",
    tasks: "tsk",
    users: "usr",
    "api-keys": "key",
    cycles: "cyc",
    invitations: "inv",
    webhooks: "whk",
    deliveries: "dlv",
  };
  return path.replace(
    /\/([a-z-]+)\/\{id\}/g,
    (_, parent: string) => `/${parent}/${ids[parent] ?? "x"}_01jd0000000000000000000000`,
  );
}

let credentials: Record<Role, string>;
let keysByScope: Record<string, string>;

beforeAll(async () => {
  const team = await teamOfFour("Policy Walk");
  credentials = {
    owner: team.owner.accessToken,
    admin: team.admin.accessToken,
    operator: team.operator.accessToken,
    viewer: team.viewer.accessToken,
  };
  keysByScope = {};
  for (const scope of SCOPES) keysByScope[scope] = (await addKey(team.owner, [scope])).key;
});

async function call(route: string, token: string): Promise<number> {
  const [method = "GET", path = "/"] = route.split(" ");
  // An empty JSON object for writes: enough to pass authorization and be refused by validation,
  // so no route changes state (except the harmless ones with no required fields).
  const hasBody = !["GET", "DELETE"].includes(method);
  const res = await exports.default.fetch(
    new Request(`https://warden.test/api/v1${fill(path)}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(hasBody ? { "content-type": "application/json" } : {}),
      },
      body: hasBody ? "{}" : undefined,
    }),
  );
  const text = await res.text();
  // The route's own refusal (resetting the demo on a tenant that is not the demo) is not the authorizer's.
  if (res.status === 403 && text.includes("/problems/demo-only")) return 409;
  return res.status;
}

describe("the role × route table", () => {
  it("covers exactly the routes in the OpenAPI document", async () => {
    const doc = await api<{ paths: Record<string, Record<string, unknown>> }>("/api/v1/openapi.json");
    const documented = Object.entries(doc.body.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    const inTable = Object.keys(ROUTE_POLICY).filter((r) => r !== "GET /openapi.json" && r !== "GET /docs");
    expect(documented.sort()).toEqual(inTable.sort());
  });

  for (const role of ROLES) {
    it(`a ${role} gets 403 exactly on the routes above ${role}`, async () => {
      const wrong: string[] = [];
      for (const [route, access] of tenantRoutes) {
        const status = await call(route, credentials[role]);
        const allowed = roleAtLeast(role, access.role);
        if (allowed ? status === 403 || status === 401 : status !== 403) wrong.push(`${route} → ${status}`);
      }
      expect(wrong).toEqual([]);
    });
  }

  for (const scope of SCOPES) {
    it(`a key with only ${scope} gets 403 exactly on routes that need another scope`, async () => {
      const wrong: string[] = [];
      for (const [route, access] of tenantRoutes) {
        const status = await call(route, keysByScope[scope] ?? "");
        const allowed =
          access.scope !== null && (access.scope === "any" || scope === "admin" || access.scope === scope);
        if (allowed ? status === 403 || status === 401 : status !== 403) wrong.push(`${route} → ${status}`);
      }
      expect(wrong).toEqual([]);
    });
  }

  it("says what the product promises: viewers read, operators run work, admins govern, owners own", () => {
    // Written from the product's rules, not from the table, so a wrong entry in the table fails here.
    const adminReads = /^GET \/(api-keys|sso|audit|users\/invitations|metrics)/;
    const adminWrites =
      /^(PATCH \/(governance\/config|alerts\/rules)|POST \/agents\/\{id\}\/trust|[A-Z]+ \/(api-keys|sso|users|webhooks)|PATCH \/tenant)/;
    const expected = (route: string): Role => {
      if (route === "DELETE /tenant") return "owner";
      if (adminReads.test(route)) return "admin";
      if (route.startsWith("GET ")) return "viewer";
      if (adminWrites.test(route)) return "admin";
      if (route === "POST /ws/tickets") return "viewer";
      return "operator";
    };
    const mismatches = tenantRoutes
      .filter(([route, access]) => access.role !== expected(route))
      .map(([route, access]) => `${route}: table ${access.role}, expected ${expected(route)}`);
    expect(mismatches).toEqual([]);
  });

  it("public and platform routes ask for no tenant credentials", () => {
    const kinds = new Set(Object.values(ROUTE_POLICY).map((a) => a.kind));
    expect(kinds).toEqual(new Set(["public", "platform", "tenant"]));
  });
});
