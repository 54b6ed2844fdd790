import type { AgentStatus } from "../governance";
import type { MetricFamily, Sample } from "./exposition";
import { labelsOf, SECONDS_BUCKETS, Tally, type TallyData } from "./tally";

/**
 * Every metric Warden exports. Label values come from small fixed sets (statuses, outcomes, route
 * templates, queue names) — never task ids, request ids or raw paths — so series stay bounded.
 */
export const METRIC = {
  cycles: "warden_governance_cycles_total",
  taskDuration: "warden_task_execution_duration_seconds",
  trust: "warden_trust_score",
  agents: "warden_agents",
  circuit: "warden_circuit_transitions_total",
  mutations: "warden_mutations_total",
  apiDuration: "warden_api_request_duration_seconds",
  apiRequests: "warden_api_requests_total",
  websockets: "warden_websocket_connections",
  queueMessages: "warden_queue_messages_total",
  webhookDeliveries: "warden_webhook_deliveries_total",
} as const;

const AGENT_STATUSES: readonly AgentStatus[] = ["active", "probation", "suppressed", "excluded"];

/** What one scrape reads: counters and histograms as stored, and gauges computed at scrape time. */
export interface MetricsSnapshot {
  tally: TallyData;
  agents: Record<AgentStatus, number>;
  /** Per agent; empty in the platform view, which names no tenant's agents. */
  trust: { agent: string; score: number }[];
  websockets: number;
}

export function emptySnapshot(): MetricsSnapshot {
  return {
    tally: { counters: [], histograms: [] },
    agents: { active: 0, probation: 0, suppressed: 0, excluded: 0 },
    trust: [],
    websockets: 0,
  };
}

/** The platform view: every tenant's numbers summed, per-agent gauges dropped. */
export function sumSnapshots(snapshots: readonly MetricsSnapshot[]): MetricsSnapshot {
  const total = emptySnapshot();
  const tally = new Tally();
  for (const s of snapshots) {
    tally.merge(s.tally);
    for (const status of AGENT_STATUSES) total.agents[status] += s.agents[status];
    total.websockets += s.websockets;
  }
  total.tally = tally.data();
  return total;
}

function counter(name: string, help: string, data: TallyData, zeroWhenUnlabelled = false): MetricFamily {
  const samples: Sample[] = data.counters
    .filter(([n]) => n === name)
    .map(([, labels, value]) => ({ labels: labelsOf(labels), value }));
  if (!samples.length && zeroWhenUnlabelled) samples.push({ labels: {}, value: 0 });
  return { name, help, type: "counter", samples };
}

function histogram(name: string, help: string, data: TallyData): MetricFamily {
  return {
    name,
    help,
    type: "histogram",
    bounds: SECONDS_BUCKETS,
    samples: data.histograms
      .filter(([n]) => n === name)
      .map(([, labels, buckets, sum]) => ({ labels: labelsOf(labels), buckets, sum })),
  };
}

export function metricFamilies(s: MetricsSnapshot): MetricFamily[] {
  const t = s.tally;
  return [
    counter(METRIC.cycles, "Governance cycles closed.", t, true),
    histogram(METRIC.taskDuration, "Task execution time as the agent's result reported it, by outcome.", t),
    {
      name: METRIC.trust,
      help: "Each agent's current trust score (0 to 1).",
      type: "gauge",
      samples: s.trust.map((a) => ({ labels: { agent: a.agent }, value: a.score })),
    },
    {
      name: METRIC.agents,
      help: "Registered agents by governance status.",
      type: "gauge",
      samples: AGENT_STATUSES.map((status) => ({ labels: { status }, value: s.agents[status] })),
    },
    counter(METRIC.circuit, "Circuit breaker transitions, by the state entered.", t),
    counter(METRIC.mutations, "Trust threshold mutations, by direction.", t),
    histogram(METRIC.apiDuration, "API request duration, by route template.", t),
    counter(METRIC.apiRequests, "API requests by route template, method and status.", t),
    {
      name: METRIC.websockets,
      help: "Open live WebSocket connections.",
      type: "gauge",
      samples: [{ labels: {}, value: s.websockets }],
    },
    counter(METRIC.queueMessages, "Queue messages settled, by queue and result.", t),
    counter(METRIC.webhookDeliveries, "Webhook delivery attempts, by result.", t),
  ];
}
