import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SubmitReport } from "../../cli/commands/submit-report";
import { type CliTenant, runCli, signUpTenant } from "./cli-run";

const dir = mkdtempSync(join(tmpdir(), "warden-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** `count` rows of valid tasks, varied the way real work is, with payloads and external ids. */
function goodCsv(count: number): string {
  const rows = ["impact,urgency,risk,capabilities,maxAttempts,externalId,payload"];
  for (let i = 0; i < count; i++)
    rows.push(
      `${((i % 10) / 10).toFixed(1)},${((i % 7) / 7).toFixed(2)},${((i % 4) / 10).toFixed(1)},general,3,job-${i},"{""n"": ${i}}"`,
    );
  return `${rows.join("\n")}\n`;
}

async function taskCounts(tenant: CliTenant) {
  const { data } = await tenant.client.GET("/governance/state");
  if (!data) throw new Error("no governance state");
  return data.tasks;
}

describe("warden tasks submit", () => {
  let tenant: CliTenant;
  beforeAll(async () => {
    tenant = await signUpTenant([
      { name: "steady-1", successRate: 1 },
      { name: "steady-2", successRate: 1 },
    ]);
  });

  it("refuses a file with a bad row before sending anything", async () => {
    const path = file("bad.csv", goodCsv(5).replace(/\n0\.2,[^\n]*/, "\n1.7,0.29,0.2,general,3,job-2,{}"));
    const res = await runCli(["tasks", "submit", path], { apiKey: tenant.apiKey });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("row 3, column impact: must be between 0 and 1");
    expect(res.stderr).toContain("nothing was submitted");
    expect(await taskCounts(tenant)).toEqual({
      queued: 0,
      assigned: 0,
      succeeded: 0,
      failed: 0,
      cancelled: 0,
    });
    const { data } = await tenant.client.GET("/tasks");
    expect(data?.tasks).toEqual([]);
  });

  it("runs a 2,000-task file to completion and exits 0", async () => {
    const path = file("good.csv", goodCsv(2000));
    const res = await runCli(["tasks", "submit", path], { apiKey: tenant.apiKey });
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
    // Not a terminal: progress lines instead of a bar, then the summary.
    expect(res.stdout).toContain("2,000/2,000 done: 2,000 succeeded, 0 failed");
    expect(res.stdout).toContain("Submitted 2,000 tasks from");
    expect(res.stdout).not.toContain("\u001b[");
    expect(await taskCounts(tenant)).toEqual({
      queued: 0,
      assigned: 0,
      succeeded: 2000,
      failed: 0,
      cancelled: 0,
    });
  });

  it("never submits the same file twice, and --json prints one summary object", async () => {
    const res = await runCli(["tasks", "submit", join(dir, "good.csv"), "--json"], { apiKey: tenant.apiKey });
    expect(res.code).toBe(0);
    const report = JSON.parse(res.stdout) as SubmitReport;
    expect(report).toMatchObject({ total: 2000, accepted: 2000, succeeded: 2000, failed: 0, open: 0 });
    expect(report.batches.map((b) => [b.tasks, b.replayed])).toEqual([
      [1000, true],
      [1000, true],
    ]);
    expect(new Set(report.taskIds).size).toBe(2000);
    expect((await taskCounts(tenant)).succeeded).toBe(2000);
    const { data } = await tenant.client.GET("/tasks/{id}", {
      params: { path: { id: report.taskIds[0] ?? "" } },
    });
    expect(data).toMatchObject({ status: "succeeded", externalId: "job-0", payload: { n: 0 } });
  });
});

describe("warden tasks submit, when tasks fail", () => {
  it("exits 1 and names the tasks that did not succeed", async () => {
    const tenant = await signUpTenant([{ name: "broken", successRate: 0 }]);
    const tasks = Array.from({ length: 3 }, (_, i) => ({
      impact: 0.5,
      urgency: 0.5,
      risk: 0.1,
      capabilities: ["general"],
      maxAttempts: 1,
      externalId: `doomed-${i}`,
    }));
    const path = file("fail.json", JSON.stringify({ tasks }));
    const res = await runCli(["tasks", "submit", path], { apiKey: tenant.apiKey });
    expect(res.code).toBe(1);
    expect(res.stdout).toContain("0 succeeded, 3 failed");
    expect(res.stdout).toContain("3 tasks did not succeed:");
    expect((await taskCounts(tenant)).failed).toBe(3);
  });

  it("exits 3 at --timeout, saying how many tasks are open and why", async () => {
    const tenant = await signUpTenant([{ name: "generalist", successRate: 1 }]);
    const path = file(
      "unservable.json",
      JSON.stringify([{ impact: 1, urgency: 1, risk: 0, capabilities: ["gpu"] }]),
    );
    const res = await runCli(["tasks", "submit", path, "--timeout", "2"], { apiKey: tenant.apiKey });
    expect(res.code).toBe(3);
    expect(res.stderr).toContain("Timed out after 2 s: 1 task still open");
    expect(res.stderr).toContain("(no_capable_agent)");
  });
});

describe("warden's other commands with --json", () => {
  let tenant: CliTenant;
  let taskId: string;
  beforeAll(async () => {
    tenant = await signUpTenant([{ name: "solo", successRate: 1, capabilities: ["general", "code"] }]);
    const res = await runCli(
      [
        "--json",
        "tasks",
        "submit",
        file("one.json", JSON.stringify([{ impact: 0.4, urgency: 0.3, risk: 0.1 }])),
      ],
      {
        apiKey: tenant.apiKey,
      },
    );
    expect(res.code).toBe(0);
    taskId = (JSON.parse(res.stdout) as SubmitReport).taskIds[0] ?? "";
  });

  it("agents list", async () => {
    const res = await runCli(["agents", "list", "--json"], { apiKey: tenant.apiKey });
    expect(res.code).toBe(0);
    const { agents } = JSON.parse(res.stdout);
    expect(agents).toHaveLength(1);
    expect(agents[0]).toMatchObject({ name: "solo", kind: "simulated", status: "active" });
    expect([...agents[0].capabilities].sort()).toEqual(["code", "general"]);
    expect(agents[0].trust).toBeGreaterThan(0.5);
  });

  it("tasks get", async () => {
    const res = await runCli(["tasks", "get", taskId, "--json"], { apiKey: tenant.apiKey });
    expect(res.code).toBe(0);
    const task = JSON.parse(res.stdout);
    expect(task).toMatchObject({ id: taskId, status: "succeeded", impact: 0.4, maxAttempts: 3 });
    expect(task.attempts).toEqual([expect.objectContaining({ attempt: 1, outcome: "success" })]);
  });

  it("governance state", async () => {
    const res = await runCli(["governance", "state", "--json"], { apiKey: tenant.apiKey });
    expect(res.code).toBe(0);
    const state = JSON.parse(res.stdout);
    expect(state.tasks).toMatchObject({ succeeded: 1, queued: 0 });
    expect(state.circuit.state).toBe("closed");
    expect(state.agents.map((a: { name: string }) => a.name)).toEqual(["solo"]);
    expect(typeof state.threshold).toBe("number");
  });

  it("events tail prints one JSON event per line until Ctrl+C", async () => {
    const res = await runCli(["events", "tail", "--after", "0", "--types", "task.*", "--json"], {
      apiKey: tenant.apiKey,
      interruptWhen: (out) => out.includes('"task.completed"'),
    });
    expect(res.code).toBe(0);
    const events = res.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(events.map((e) => e.type)).toEqual(["task.created", "task.assigned", "task.completed"]);
    expect(events.every((e) => e.taskId === taskId)).toBe(true);
  });

  it("problems: a wrong key is said plainly, and a bad id names the field", async () => {
    const wrongKey = await runCli(["agents", "list"], { apiKey: "wk_live_not-a-real-key" });
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr).toContain("the API key was not accepted (401 Unauthorized)");
    const badId = await runCli(["tasks", "get", "tsk_nope", "--json"], { apiKey: tenant.apiKey });
    expect(badId.code).toBe(1);
    expect(JSON.parse(badId.stdout).error).toMatchObject({ status: 400, errors: [{ field: "id" }] });
    expect(badId.stderr).toContain("- id: must be a tsk_ id");
  });
});
