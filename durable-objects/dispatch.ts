import type { Assignment } from "../shared/governance";
import type { ExecutionMessage } from "../worker/executors/types";
import type { AgentSpec, StoredTask } from "./hub-store";
import { liveSecrets } from "./signing-secrets";

/** Queues: sendBatch takes at most 100 messages and 256 KB; stay under both. */
const SEND_MAX_MESSAGES = 100;
const SEND_MAX_BYTES = 240 * 1024;

/** One queue message per assignment: everything the consumer needs to run the attempt. */
export function executionMessage(
  tenantId: string,
  a: Assignment,
  spec: AgentSpec,
  timeoutMs: number,
  task: StoredTask,
  now: number,
): ExecutionMessage {
  return {
    tenantId,
    taskId: a.taskId,
    attempt: a.attempt,
    agentId: a.agentId,
    agentTaskNumber: a.agentTaskNumber,
    agent: {
      kind: spec.kind,
      endpoint: spec.endpoint,
      timeoutMs,
      simulation: spec.simulation,
      ...(spec.kind === "llm" ? { llm: spec.llm ?? null, apiKeySealed: spec.apiKeySealed ?? null } : {}),
      ...(spec.kind === "http" ? { signingSecretsSealed: liveSecrets(spec.signingSecrets ?? [], now) } : {}),
    },
    task: {
      impact: task.state.impact,
      urgency: task.state.urgency,
      risk: task.state.risk,
      capabilities: task.state.capabilities,
      externalId: task.externalId,
      ...(task.payload !== undefined ? { payload: task.payload } : {}),
    },
  };
}

/**
 * Sends the assignments with `sendBatch` in chunks within the Queues limits. A chunk that cannot
 * be sent is handed to `onFailed`, so its assignments can be released instead of timing out.
 */
export async function sendAssignments(
  queue: Queue<ExecutionMessage>,
  assignments: Assignment[],
  messageFor: (a: Assignment) => ExecutionMessage | null,
  onFailed: (failed: Assignment[], err: unknown) => void,
): Promise<void> {
  let chunk: { assignment: Assignment; body: ExecutionMessage }[] = [];
  let bytes = 0;
  const send = async () => {
    if (!chunk.length) return;
    const current = chunk;
    chunk = [];
    bytes = 0;
    try {
      await queue.sendBatch(current.map((c) => ({ body: c.body, contentType: "json" as const })));
    } catch (err) {
      onFailed(
        current.map((c) => c.assignment),
        err,
      );
    }
  };
  for (const assignment of assignments) {
    const body = messageFor(assignment);
    if (!body) continue;
    const size = JSON.stringify(body).length + 100;
    if (chunk.length >= SEND_MAX_MESSAGES || bytes + size > SEND_MAX_BYTES) await send();
    chunk.push({ assignment, body });
    bytes += size;
  }
  await send();
}
