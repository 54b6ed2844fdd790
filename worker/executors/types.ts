import type { AgentKind, LlmConfig, Simulation } from "../../shared/schemas/agents";

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
    /** llm agents: the model call's settings. */
    llm?: LlmConfig | null;
    /** llm agents: the provider key, still sealed (only the consumer opens it, just before the call). */
    apiKeySealed?: string | null;
    /** http agents: the live signing secrets, sealed, newest first (two during a rotation). */
    signingSecretsSealed?: string[];
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
  /** A machine-readable cause within the outcome (`invalid_output`, `http_503`, …). */
  reason?: string;
  /** A short, human-readable explanation (status code, error class). Never a stack trace. */
  detail?: string;
  /** llm agents: what the call used, when the provider said. */
  usage?: LlmCallUsage;
}

export interface LlmCallUsage {
  model: string;
  promptTokens: number;
  completionTokens: number;
}

export interface ExecutorOptions {
  /** How simulated agents wait out their latency; the queue consumer shares one group per batch. */
  sleep?: (ms: number) => Promise<void>;
  /**
   * Opens a secret the hub keeps sealed (an llm agent's provider key, an http agent's signing
   * secrets), bound to this message's tenant and agent. Throws if it does not open.
   */
  openSecret?: (sealed: string) => Promise<string>;
  /** The fetch to call agents and model APIs with; defaults to the global one. */
  fetch?: typeof fetch;
}

export type Executor = (message: ExecutionMessage, options?: ExecutorOptions) => Promise<ExecutionResult>;
