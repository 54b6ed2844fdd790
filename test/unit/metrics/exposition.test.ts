import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { describe, expect, it } from "vitest";
import { emptySnapshot, metricFamilies, sumSnapshots } from "../../../shared/metrics/catalog";
import { renderExposition } from "../../../shared/metrics/exposition";
import { governanceTally } from "../../../shared/metrics/governance";
import { SECONDS_BUCKETS, Tally } from "../../../shared/metrics/tally";

describe("Prometheus exposition", () => {
  it("renders counters, gauges and a histogram that a real parser reads back", () => {
    const text = renderExposition([
      {
        name: "demo_total",
        help: 'Counts with "quotes", a back\\slash\nand a newline.',
        type: "counter",
        samples: [{ labels: { route: '/a "b"\\c\nd' }, value: 3 }],
      },
      { name: "demo_gauge", help: "A gauge.", type: "gauge", samples: [{ labels: {}, value: 0.25 }] },
      {
        name: "demo_seconds",
        help: "A histogram.",
        type: "histogram",
        bounds: [0.1, 1],
        samples: [{ labels: {}, buckets: [2, 1, 1], sum: 4.5 }],
      },
    ]);
    const [counter, gauge, histogram] = parsePrometheusTextFormat(text);
    expect(counter).toMatchObject({ name: "demo_total", type: "COUNTER" });
    expect(counter?.metrics[0]).toEqual({ labels: { route: '/a "b"\\c\nd' }, value: "3" });
    expect(gauge?.metrics[0]?.value).toBe("0.25");
    // Buckets are cumulative in the text, ending with +Inf equal to the count.
    expect(histogram?.metrics[0]).toEqual({
      buckets: { "0.1": "2", "1": "3", "+Inf": "4" },
      count: "4",
      sum: "4.5",
    });
  });

  it("declares every family even before anything happened", () => {
    const text = renderExposition(metricFamilies(emptySnapshot()));
    const names = parsePrometheusTextFormat(text).map((f) => f.name);
    expect(names).toContain("warden_api_requests_total");
    expect(names).toContain("warden_task_execution_duration_seconds");
    expect(text).toContain("# TYPE warden_task_execution_duration_seconds histogram");
    expect(text).toContain("warden_governance_cycles_total 0");
  });

  it("counts only executions that ran, in the bucket their latency falls in", () => {
    const tally = governanceTally([
      { type: "task.completed", data: { outcome: "success", latencyMs: 40 } },
      { type: "task.failed", data: { outcome: "failure", latencyMs: 2000 } },
      { type: "task.failed", data: { reason: "queue_timeout" } },
      { type: "task.cancelled", data: {} },
      { type: "cycle.completed", data: {} },
      { type: "circuit.opened", data: {} },
      { type: "mutation.applied", data: { direction: "raise" } },
    ]).data();
    expect(tally.counters).toEqual(
      expect.arrayContaining([
        ["warden_governance_cycles_total", "[]", 1],
        ["warden_circuit_transitions_total", '[["to","open"]]', 1],
        ["warden_mutations_total", '[["direction","raise"]]', 1],
      ]),
    );
    const success = tally.histograms.find(([, labels]) => labels.includes("success"));
    expect(success?.[2][SECONDS_BUCKETS.indexOf(0.05)]).toBe(1);
    expect(tally.histograms).toHaveLength(2);
  });

  it("sums tenants for the platform view and drops per-agent series", () => {
    const a = { ...emptySnapshot(), websockets: 2, trust: [{ agent: "agt_1", score: 0.7 }] };
    a.agents.active = 3;
    a.tally = new Tally()
      .merge({ counters: [["warden_governance_cycles_total", "[]", 4]], histograms: [] })
      .data();
    const b = { ...emptySnapshot(), websockets: 1 };
    b.agents.active = 1;
    b.tally = new Tally()
      .merge({ counters: [["warden_governance_cycles_total", "[]", 5]], histograms: [] })
      .data();
    const sum = sumSnapshots([a, b]);
    expect(sum.agents.active).toBe(4);
    expect(sum.websockets).toBe(3);
    expect(sum.trust).toEqual([]);
    expect(sum.tally.counters).toEqual([["warden_governance_cycles_total", "[]", 9]]);
  });
});
