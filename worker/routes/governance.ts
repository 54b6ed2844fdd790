import { createRoute, z } from "@hono/zod-openapi";
import { and, desc, eq, lt } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { GovernanceConfigPatchSchema, GovernanceConfigSchema } from "../../shared/governance";
import { problems } from "../../shared/problems";
import { AgentStatusSchema } from "../../shared/schemas/agents";
import { idParam, ListQuery } from "../../shared/schemas/common";
import { auditContext } from "../audit";
import { cycles } from "../db/schema";
import { hubFor, viaHub } from "../hub-client";
import { createRouter } from "../router";
import { ProblemResponses } from "./problem-responses";
import { json, tenantSecurity } from "./security";

const security = tenantSecurity;

const CountsSchema = z.object({
  queued: z.number().int(),
  assigned: z.number().int(),
  succeeded: z.number().int(),
  failed: z.number().int(),
  cancelled: z.number().int(),
});

const StateSchema = z
  .object({
    config: GovernanceConfigSchema,
    threshold: z.number(),
    circuit: z.object({
      state: z.enum(["closed", "open", "half_open"]),
      reopenAt: z.number().nullable(),
      cooldownMs: z.number(),
    }),
    cycle: z.object({
      id: z.string().openapi({ example: "cyc_01jd0000000000000000000000" }),
      number: z.number().int(),
      startedAt: z.number(),
      results: z.number().int(),
    }),
    agents: z.array(
      z.object({
        id: z.string().openapi({ example: "agt_01jd0000000000000000000000" }),
        name: z.string().openapi({ example: "summarizer-1" }),
        trust: z.number().openapi({ example: 0.82 }),
        status: AgentStatusSchema,
      }),
    ),
    tasks: CountsSchema,
    lastSeq: z.number().int(),
  })
  .openapi("GovernanceState");

const CycleSummarySchema = z
  .object({
    id: z.string().openapi({ example: "cyc_01jd0000000000000000000000" }),
    number: z.number().int(),
    startedAt: z.string(),
    endedAt: z.string(),
    results: z.number().int(),
    successRate: z.number(),
    meanTrust: z.number(),
    constraintScore: z.number(),
    thresholdBefore: z.number(),
    thresholdAfter: z.number(),
  })
  .openapi("CycleSummary");

const CycleDetailSchema = CycleSummarySchema.extend({
  reflection: z.record(z.string(), z.unknown()),
  mutation: z.record(z.string(), z.unknown()),
  trustBefore: z.record(z.string(), z.number()),
  trustAfter: z.record(z.string(), z.number()),
}).openapi("CycleDetail");

export const governanceRoutes = createRouter();

governanceRoutes.openapi(
  createRoute({
    method: "get",
    path: "/governance/state",
    operationId: "getGovernanceState",
    description:
      "What the governance engine sees now: trust threshold, circuit breaker state, the current cycle, task counts by status and every agent's trust and status.",
    tags: ["Governance"],
    summary: "Live governance state: threshold, circuit, agents, task counts",
    security,
    responses: { 200: { description: "State", ...json(StateSchema) }, ...ProblemResponses },
  }),
  async (c) => c.json(await hubFor(c.env, c.get("principal").tenantId).getState(), 200),
);

governanceRoutes.openapi(
  createRoute({
    method: "get",
    path: "/governance/config",
    operationId: "getGovernanceConfig",
    description:
      "The tenant's governance parameters: trust threshold bounds, learning rates, circuit breaker, cycle length, queue timeout and the others the engine uses.",
    tags: ["Governance"],
    summary: "Governance configuration",
    security,
    responses: { 200: { description: "Config", ...json(GovernanceConfigSchema) }, ...ProblemResponses },
  }),
  async (c) => c.json(await hubFor(c.env, c.get("principal").tenantId).getConfig(), 200),
);

governanceRoutes.openapi(
  createRoute({
    method: "patch",
    path: "/governance/config",
    operationId: "updateGovernanceConfig",
    description:
      "Merges the given parameters into the current configuration and validates the result as a whole (a change that leaves bounds inconsistent is refused, naming the field). Audited as `config.change`.",
    tags: ["Governance"],
    summary: "Change governance parameters (validated as a whole, audited as config.change)",
    security,
    request: { body: { required: true, ...json(GovernanceConfigPatchSchema) } },
    responses: {
      200: { description: "The new config", ...json(GovernanceConfigSchema) },
      ...ProblemResponses,
    },
  }),
  async (c) => {
    const hub = hubFor(c.env, c.get("principal").tenantId);
    const config = await viaHub(
      hub.patchConfig(c.req.valid("json"), {
        correlationId: c.get("requestId"),
        audit: auditContext(c),
      }),
    );
    return c.json(config, 200);
  },
);

governanceRoutes.openapi(
  createRoute({
    method: "post",
    path: "/governance/trigger",
    operationId: "triggerGovernance",
    description:
      "Runs the engine's tick at once instead of waiting for the alarm: assigns queued tasks, and closes the current cycle if it has results. Answers with the closed cycle's id (or null) and how many tasks were assigned.",
    tags: ["Governance"],
    summary: "Run a tick now and close the current cycle if it has results",
    security,
    responses: {
      200: {
        description: "Done",
        ...json(z.object({ cycleId: z.string().nullable(), assigned: z.number().int() })),
      },
      ...ProblemResponses,
    },
  }),
  async (c) => {
    const hub = hubFor(c.env, c.get("principal").tenantId);
    return c.json(await hub.trigger({ correlationId: c.get("requestId") }), 200);
  },
);

type CycleRow = typeof cycles.$inferSelect;
const summary = (r: CycleRow) => ({
  id: r.id,
  number: r.number,
  startedAt: r.startedAt,
  endedAt: r.endedAt,
  results: r.results,
  successRate: r.successRate,
  meanTrust: r.meanTrust,
  constraintScore: r.constraintScore,
  thresholdBefore: r.thresholdBefore,
  thresholdAfter: r.thresholdAfter,
});

governanceRoutes.openapi(
  createRoute({
    method: "get",
    path: "/governance/cycles",
    operationId: "listGovernanceCycles",
    description:
      "Closed governance cycles, newest first, each with its results, success rate, mean trust and threshold before and after; paginated by cursor.",
    tags: ["Governance"],
    summary: "Closed cycles, newest first",
    security,
    request: { query: ListQuery },
    responses: {
      200: {
        description: "A page of cycles",
        ...json(z.object({ cycles: z.array(CycleSummarySchema), nextCursor: z.string().nullable() })),
      },
      ...ProblemResponses,
    },
  }),
  async (c) => {
    const { cursor, limit } = c.req.valid("query");
    let before: number | undefined;
    if (cursor !== undefined) {
      before = Number(cursor);
      if (!Number.isInteger(before) || before < 1)
        throw problems.validation([{ field: "cursor", message: "is not a cursor returned by this API" }]);
    }
    const tenantId = c.get("principal").tenantId;
    const rows = await drizzle(c.env.DB)
      .select()
      .from(cycles)
      .where(
        before
          ? and(eq(cycles.tenantId, tenantId), lt(cycles.number, before))
          : eq(cycles.tenantId, tenantId),
      )
      .orderBy(desc(cycles.number))
      .limit(limit + 1)
      .all();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return c.json(
      { cycles: page.map(summary), nextCursor: rows.length > limit && last ? String(last.number) : null },
      200,
    );
  },
);

governanceRoutes.openapi(
  createRoute({
    method: "get",
    path: "/governance/cycles/{id}",
    operationId: "getGovernanceCycle",
    description:
      "One closed cycle in full: the engine's reflection, the mutation it applied, and every agent's trust before and after.",
    tags: ["Governance"],
    summary: "One cycle: reflection, mutation, trust before and after per agent",
    security,
    request: { params: idParam("cyc") },
    responses: { 200: { description: "The cycle", ...json(CycleDetailSchema) }, ...ProblemResponses },
  }),
  async (c) => {
    const tenantId = c.get("principal").tenantId;
    const row = await drizzle(c.env.DB)
      .select()
      .from(cycles)
      .where(and(eq(cycles.tenantId, tenantId), eq(cycles.id, c.req.valid("param").id)))
      .get();
    if (!row) throw problems.notFound(`Cycle ${c.req.valid("param").id}`);
    const reflection = JSON.parse(row.reflection) as Record<string, unknown> & {
      trustBefore?: Record<string, number>;
      trustAfter?: Record<string, number>;
    };
    return c.json(
      {
        ...summary(row),
        reflection,
        mutation: JSON.parse(row.mutation) as Record<string, unknown>,
        trustBefore: reflection.trustBefore ?? {},
        trustAfter: reflection.trustAfter ?? {},
      },
      200,
    );
  },
);
