import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { listenLocal, sendJson as send } from "./local-server";
import { createScriptedAgents } from "./scripted-agents";

/** One request as the fake agent saw it. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** The parsed JSON body, or the raw text when it is not JSON. */
  body: unknown;
  receivedAt: number;
}

export interface AgentServer {
  /** e.g. `http://127.0.0.1:41234` */
  origin: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** How long `/slow` takes to answer unless `?ms=` says otherwise. */
export const SLOW_MS = 1_500;

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString("utf8");
}

function parseBody(text: string): unknown {
  if (text === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

/**
 * A real HTTP "agent" on 127.0.0.1 with an ephemeral port. Behaviour by path:
 * - `/ok` → 200 with a JSON echo of the request body
 * - `/rate-limited` → 429 with `Retry-After: 2`
 * - `/error` → 500
 * - `/slow` → 200 after 1,500 ms (or `?ms=N`)
 * - `/reject` → 400
 * - `/status/NNN` → status NNN (`?retry-after=V` adds that header)
 * - `/agents/<name>` → a scripted agent (see scripted-agents.ts): `PUT /_agents/<name>` tells it
 *   its secrets and mode, `GET /_agents/<name>` reports what it verified and its peak concurrency
 * - `GET /_requests` → the requests received so far (`?taskId=` filters on `x-warden-task-id`);
 *   `DELETE /_requests` forgets them. `/_requests` and `/_agents` calls themselves are not recorded.
 */
export async function startAgentServer(): Promise<AgentServer> {
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const scripted = createScriptedAgents(timers);

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => send(res, 500, { error: "agent server error" }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://agent.invalid");
    const method = req.method ?? "GET";
    const text = await readText(req);
    const body = parseBody(text);

    if (url.pathname === "/_requests") {
      if (method === "DELETE") {
        requests.length = 0;
        send(res, 204, null);
        return;
      }
      const taskId = url.searchParams.get("taskId");
      send(
        res,
        200,
        taskId === null ? requests : requests.filter((r) => r.headers["x-warden-task-id"] === taskId),
      );
      return;
    }

    const control = /^\/_agents\/([\w-]+)$/.exec(url.pathname);
    if (control?.[1]) {
      scripted.control(control[1], method, body, res);
      return;
    }

    const headers = flatHeaders(req);
    requests.push({ method, path: url.pathname, headers, body, receivedAt: Date.now() });

    const agent = /^\/agents\/([\w-]+)$/.exec(url.pathname);
    if (agent?.[1]) {
      await scripted.answer(agent[1], text, headers, res);
      return;
    }

    const status = /^\/status\/(\d{3})$/.exec(url.pathname);
    if (status?.[1]) {
      const retryAfter = url.searchParams.get("retry-after");
      send(
        res,
        Number(status[1]),
        { status: Number(status[1]) },
        retryAfter === null ? {} : { "retry-after": retryAfter },
      );
      return;
    }
    switch (url.pathname) {
      case "/ok":
        send(res, 200, { ok: true, echo: body });
        return;
      case "/rate-limited":
        send(res, 429, { error: "slow down" }, { "retry-after": "2" });
        return;
      case "/error":
        send(res, 500, { error: "boom" });
        return;
      case "/reject":
        send(res, 400, { error: "not for me" });
        return;
      case "/slow": {
        const ms = Number(url.searchParams.get("ms") ?? SLOW_MS);
        const timer = setTimeout(() => {
          timers.delete(timer);
          send(res, 200, { ok: true, sleptMs: ms });
        }, ms);
        timers.add(timer);
        res.on("close", () => {
          clearTimeout(timer);
          timers.delete(timer);
        });
        return;
      }
      default:
        send(res, 404, { error: "no such behaviour" });
    }
  }

  const listening = await listenLocal(server, () => {
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
  });
  return { ...listening, requests };
}

/** An origin on 127.0.0.1 that nothing listens on (a port we bound, then released). */
export async function unreachableOrigin(): Promise<string> {
  const { origin, close } = await listenLocal(createServer());
  await close();
  return origin;
}
