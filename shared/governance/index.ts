/**
 * The pure governance engine (ARCHITECTURE §3): trust learning, gating, assignment, suppression
 * and redemption, the circuit breaker, drift, cycles with mutation and reflection.
 */
export {
  type ConfigFieldDoc,
  configChanges,
  DEFAULT_CONFIG,
  describeConfig,
  type GovernanceConfig,
  type GovernanceConfigPatch,
  GovernanceConfigPatchSchema,
  GovernanceConfigSchema,
  mergeConfig,
} from "./config";
export { GovernanceEngine } from "./engine";
export { GovernanceError, type GovernanceErrorCode } from "./errors";
export { passesGate, requiredTrust } from "./gate";
export { AgentInputSchema, AgentPatchInputSchema, ResultInputSchema, TaskInputSchema } from "./inputs";
export { trustAfter } from "./learning";
export { DEFAULT_RETRY_AFTER_MS } from "./outcomes";
export { agingBoost, priority } from "./priority";
export type { EngineCoreSnapshot } from "./snapshot";
export { suppressionDurationMs } from "./suppression";
export { isTerminal } from "./tasks";
export type * from "./types";
