import type { AgentKind, Simulation } from "../../shared/schemas/agents";

export type Outcome = "success" | "failure" | "timeout" | "rate_limited" | "rejected";

/** What the execution queue carries for one assignment (one message = one attempt). */
export interface ExecutionMessage {
  tenantId: string;
  taskId: string;
  attempt: number;
  agentId: string;
  /** 1-based count of tasks ever assigned to this agent; lets simulated agents degrade after N tasks. */
  agentTaskNumber: number;
  agent: {
    kind: AgentKind;
    endpoint: string | null;
    timeoutMs: number;
    simulation: Simulation | null;
  };
  task: {
    impact: number;
    urgency: number;
    risk: number;
    capabilities: string[];
    externalId: string | null;
    payload?: unknown;
  };
}

export interface ExecutionResult {
  outcome: Outcome;
  latencyMs: number;
  /** For `rate_limited`: how long the agent asked us to back off. */
  retryAfterMs?: number;
  /** A short, human-readable explanation (status code, error class). Never a stack trace. */
  detail?: string;
}

export interface ExecutorOptions {
  /** How simulated agents wait out their latency; the queue consumer shares one group per batch. */
  sleep?: (ms: number) => Promise<void>;
}

export type Executor = (message: ExecutionMessage, options?: ExecutorOptions) => Promise<ExecutionResult>;
