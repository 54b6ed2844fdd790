import type { ScenarioResult } from "./run";

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
/** One value per seed, so a single bad seed is visible rather than averaged away. */
const secs = (perSeed: (number | null)[] = []) =>
  `${perSeed.map((ms) => (ms === null ? "never" : `${Math.round(ms / 1000)}`)).join(" / ")} s`;

/** One Markdown table per scenario: the figures docs/benchmarks.md records. */
export function markdown(results: ScenarioResult[]): string {
  const out: string[] = [];
  for (const { scenario, rows } of results) {
    const extra = scenario.hardFail
      ? "last task to the failed agent, after (tasks given to it)"
      : scenario.outage
        ? "recovered after the outage ended"
        : null;
    out.push(`#### ${scenario.title} (${rows[0]?.submitted ?? 0} tasks)`, "");
    out.push(
      `| router | success rate | of the oracle's successes | high-risk tasks to agents < 0.7 |${extra ? ` ${extra} |` : ""}`,
      `| --- | --- | --- | --- |${extra ? " --- |" : ""}`,
    );
    for (const r of rows) {
      const timing = scenario.hardFail
        ? `${secs(r.stopRoutingMs)} (${Math.round(r.toFailedAgent ?? 0)})`
        : scenario.outage
          ? secs(r.recoveryMs)
          : null;
      const spread = Math.max(...r.successBySeed) - Math.min(...r.successBySeed) > 0.01;
      const bySeed = spread
        ? ` (seeds: ${r.successBySeed.map((x) => (x * 100).toFixed(1)).join(" / ")})`
        : "";
      const held = r.open ? `, ${Math.round(r.open)} tasks still held at the end` : "";
      out.push(
        `| ${r.router} | ${pct(r.successRate)}${bySeed}${held} | ${pct(r.ofOracle)} | ${Math.round(r.highRiskToUnreliable)} |${timing === null ? "" : ` ${timing} |`}`,
      );
    }
    const warden = rows.find((r) => r.queueTimeouts !== undefined);
    if (warden)
      out.push(
        "",
        `${warden.router}: ${Math.round(warden.open)} tasks still held at the end, ${Math.round(warden.queueTimeouts ?? 0)} failed by the queue timeout (averages over the seeds).`,
      );
    out.push("");
  }
  return out.join("\n");
}
