import type { AgentReport, AgentScript } from "./scripted-agents";

export type { AgentReport, AgentScript, VerifiedRequest } from "./scripted-agents";

let counter = 0;

/** A name no other test (in this or a parallel file) uses for its scripted agent. */
export function uniqueAgentName(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

/** The endpoint to register the scripted agent `name` with. */
export function scriptedAgentUrl(origin: string, name: string): string {
  return `${origin}/agents/${name}`;
}

/** Tells the scripted agent its secrets and how to answer (works from Node and from workerd). */
export async function scriptAgent(origin: string, name: string, script: AgentScript): Promise<void> {
  const res = await fetch(`${origin}/_agents/${name}`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(script),
  });
  if (res.status !== 204) throw new Error(`scripting agent ${name} failed: ${res.status}`);
}

/** What the scripted agent saw: each request's verdicts, and its peak concurrency. */
export async function agentReport(origin: string, name: string): Promise<AgentReport> {
  const res = await fetch(`${origin}/_agents/${name}`);
  if (res.status !== 200) throw new Error(`reading agent ${name} failed: ${res.status}`);
  return (await res.json()) as AgentReport;
}
