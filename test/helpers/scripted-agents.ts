import type { ServerResponse } from "node:http";
import { Webhook } from "standardwebhooks";
import { sendJson as send } from "./local-server";

/** How a scripted agent answers every request it gets. */
export type AgentMode = "succeed" | "reject" | "oversized" | "slow";

/** What a test tells a scripted agent (`PUT /_agents/<name>`); omitted fields keep their value. */
export interface AgentScript {
  /** Secrets to verify every request with, by a label of the test's choosing. */
  secrets?: Record<string, string>;
  mode?: AgentMode;
  /** `reject`: the status of the refusal (a 2xx or a 4xx); 200 unless told. */
  status?: number;
  /** `reject`: the reason the agent gives. */
  reason?: string;
  /** `oversized`: how many bytes the body has, sent chunked with no Content-Length. */
  bytes?: number;
  /** `oversized`: keep sending until the caller hangs up, however long that takes. */
  endless?: boolean;
  /** `slow`: how long to wait before answering 200. */
  ms?: number;
}

/** One request a scripted agent received, with the verdict of each of its secrets. */
export interface VerifiedRequest {
  taskId: string | null;
  attempt: number | null;
  webhookId: string | null;
  webhookTimestamp: string | null;
  /** Space-separated `v1,` signatures, or null when the request came unsigned. */
  webhookSignature: string | null;
  /** Per secret label: did `new Webhook(secret).verify(body, headers)` accept the request? */
  verified: Record<string, boolean>;
  receivedAt: number;
}

/** What `GET /_agents/<name>` reports. */
export interface AgentReport {
  requests: VerifiedRequest[];
  /** Requests being answered right now. */
  inFlight: number;
  /** The most requests this agent ever had in flight at once. */
  maxInFlight: number;
  /** `oversized`: bytes written before each answer finished or the caller hung up. */
  bytesSent: number[];
}

interface AgentState {
  script: AgentScript;
  report: AgentReport;
}

const CHUNK = 16 * 1024;
const DEFAULT_OVERSIZED_BYTES = 256 * 1024;

function verdicts(secrets: Record<string, string>, body: string, headers: Record<string, string>) {
  const out: Record<string, boolean> = {};
  for (const [label, secret] of Object.entries(secrets)) {
    try {
      new Webhook(secret).verify(body, headers);
      out[label] = true;
    } catch {
      out[label] = false;
    }
  }
  return out;
}

function bodyField(body: string, field: "taskId" | "attempt"): unknown {
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>)[field] : null;
  } catch {
    return null;
  }
}

/** Writes `bytes` (or, endless, until the socket closes) honouring back-pressure. Resolves with what was sent. */
function stream(res: ServerResponse, bytes: number, endless: boolean): Promise<number> {
  res.writeHead(200, { "content-type": "application/json" });
  const chunk = Buffer.alloc(CHUNK, "x");
  let sent = 0;
  return new Promise((resolve) => {
    const pump = () => {
      while (!res.destroyed && (endless || sent < bytes)) {
        const slice = endless ? chunk : chunk.subarray(0, Math.min(CHUNK, bytes - sent));
        sent += slice.byteLength;
        if (!res.write(slice)) {
          res.once("drain", pump);
          return;
        }
      }
      if (!res.destroyed) res.end();
      resolve(sent);
    };
    res.on("close", () => resolve(sent));
    pump();
  });
}

/**
 * Agents on the shared agent server that a test scripts by name: each verifies every request with
 * the secrets it was told (the `standardwebhooks` package, as a real agent would), counts the
 * requests it has in flight, and answers as its mode says. Names keep parallel test files apart.
 */
export function createScriptedAgents(timers: Set<NodeJS.Timeout>) {
  const agents = new Map<string, AgentState>();
  const stateOf = (name: string): AgentState => {
    let state = agents.get(name);
    if (!state) {
      state = { script: {}, report: { requests: [], inFlight: 0, maxInFlight: 0, bytesSent: [] } };
      agents.set(name, state);
    }
    return state;
  };

  /** `PUT /_agents/<name>` scripts the agent, `GET` reports on it. */
  function control(name: string, method: string, script: unknown, res: ServerResponse): void {
    const state = stateOf(name);
    if (method === "PUT") {
      state.script = { ...state.script, ...(script as AgentScript) };
      send(res, 204, null);
      return;
    }
    send(res, 200, state.report);
  }

  /** A request to `/agents/<name>`: recorded, verified, answered per the script. */
  async function answer(
    name: string,
    body: string,
    headers: Record<string, string>,
    res: ServerResponse,
  ): Promise<void> {
    const { script, report } = stateOf(name);
    const taskId = bodyField(body, "taskId");
    const attempt = bodyField(body, "attempt");
    report.requests.push({
      taskId: typeof taskId === "string" ? taskId : null,
      attempt: typeof attempt === "number" ? attempt : null,
      webhookId: headers["webhook-id"] ?? null,
      webhookTimestamp: headers["webhook-timestamp"] ?? null,
      webhookSignature: headers["webhook-signature"] ?? null,
      verified: verdicts(script.secrets ?? {}, body, headers),
      receivedAt: Date.now(),
    });
    report.inFlight += 1;
    report.maxInFlight = Math.max(report.maxInFlight, report.inFlight);
    res.once("close", () => {
      report.inFlight -= 1;
    });

    switch (script.mode ?? "succeed") {
      case "succeed":
        send(res, 200, { ok: true });
        return;
      case "reject":
        send(res, script.status ?? 200, { outcome: "rejected", reason: script.reason ?? "" });
        return;
      case "oversized":
        report.bytesSent.push(
          await stream(res, script.bytes ?? DEFAULT_OVERSIZED_BYTES, script.endless === true),
        );
        return;
      case "slow": {
        const timer = setTimeout(() => {
          timers.delete(timer);
          send(res, 200, { ok: true });
        }, script.ms ?? 500);
        timers.add(timer);
        res.once("close", () => {
          clearTimeout(timer);
          timers.delete(timer);
        });
        return;
      }
    }
  }

  return { control, answer };
}
