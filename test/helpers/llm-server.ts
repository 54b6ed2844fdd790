import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { listenLocal, sendJson as send } from "./local-server";

/** One chat-completions request as the fake model API saw it. */
export interface LlmRequest {
  authorization: string | null;
  body: {
    model?: string;
    messages?: { role: string; content: string }[];
    temperature?: number;
    max_tokens?: number;
  };
  receivedAt: number;
}

export interface LlmServer {
  /** e.g. `http://127.0.0.1:41234`; the API's base URL is this plus `/v1`. */
  origin: string;
  close(): Promise<void>;
}

/** The JSON every well-behaved scenario answers, matching the tests' output contract. */
export const GOOD_ANSWER = { answer: "yes", confidence: 0.9 };

/** What each scenario reports as spent. Fixed, so tests can assert exact totals and costs. */
export const SCENARIO_TOKENS = {
  "ok-model": { prompt: 1000, completion: 250 },
  "fenced-model": { prompt: 400, completion: 100 },
  "contract-breaker": { prompt: 300, completion: 50 },
  "empty-model": { prompt: 50, completion: 0 },
} as const;

async function readJson(req: IncomingMessage): Promise<LlmRequest["body"]> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8")) as LlmRequest["body"];
  } catch {
    return {};
  }
}

function completion(model: string, content: string, tokens: { prompt: number; completion: number }) {
  return {
    id: "chatcmpl-test",
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    // Providers echo a dated variant; Warden must price by the name the agent configured.
    model: `${model}-2026-01-01`,
    choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
    usage: {
      prompt_tokens: tokens.prompt,
      completion_tokens: tokens.completion,
      total_tokens: tokens.prompt + tokens.completion,
    },
  };
}

const apiError = (message: string, type: string, code: string | null) => ({ error: { message, type, code } });

/**
 * An OpenAI-compatible chat-completions API on 127.0.0.1. `POST /v1/chat/completions` answers by
 * the requested model's name:
 * - `ok-model` → a JSON answer, 1,000 prompt and 250 completion tokens
 * - `fenced-model` → the same answer inside a ```json fenced block, 400 / 100 tokens
 * - `contract-breaker` → JSON that breaks the contract (`answer` a number, no `confidence`), 300 / 50
 * - `empty-model` → an empty completion, 50 / 0
 * - `rate-limited` → 429 with `Retry-After: 30` and `retry-after-ms: 200`
 * - `rate-limited-once` / `error-once` → 429 (`Retry-After: 1`) / 500 the first time a prompt is
 *   seen, then as `ok-model`
 * - `error` → 500; `bad-key` → 401 `invalid_api_key` (its message quotes the key, as providers do)
 * - `hang` → never answers
 * - anything else → 404 `model_not_found`
 * `GET /_requests?model=` lists the requests received (Authorization header and body);
 * `DELETE /_requests` forgets them.
 */
export async function startLlmServer(): Promise<LlmServer> {
  const requests: LlmRequest[] = [];
  const seenPrompts = new Set<string>();
  const hanging = new Set<ServerResponse>();

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => send(res, 500, apiError("server error", "server_error", null)));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://llm.invalid");
    if (url.pathname === "/_requests") {
      if (req.method === "DELETE") {
        requests.length = 0;
        send(res, 204, null);
        return;
      }
      const model = url.searchParams.get("model");
      send(res, 200, model === null ? requests : requests.filter((r) => r.body.model === model));
      return;
    }
    if (req.method !== "POST" || url.pathname !== "/v1/chat/completions") {
      send(res, 404, apiError("no such route", "invalid_request_error", null));
      return;
    }
    const body = await readJson(req);
    requests.push({ authorization: req.headers.authorization ?? null, body, receivedAt: Date.now() });
    const model = body.model ?? "";
    const prompt = JSON.stringify(body.messages ?? []);
    const firstTime = !seenPrompts.has(`${model}:${prompt}`);
    seenPrompts.add(`${model}:${prompt}`);
    const ok = () =>
      send(res, 200, completion(model, JSON.stringify(GOOD_ANSWER), SCENARIO_TOKENS["ok-model"]));

    switch (model) {
      case "ok-model":
        return ok();
      case "fenced-model": {
        const text = `Here is the answer:\n\`\`\`json\n${JSON.stringify(GOOD_ANSWER, null, 2)}\n\`\`\`\n`;
        return send(res, 200, completion(model, text, SCENARIO_TOKENS[model]));
      }
      case "contract-breaker":
        return send(res, 200, completion(model, JSON.stringify({ answer: 7 }), SCENARIO_TOKENS[model]));
      case "empty-model":
        return send(res, 200, completion(model, "", SCENARIO_TOKENS[model]));
      case "rate-limited":
        return send(res, 429, apiError("slow down", "requests", "rate_limit_exceeded"), {
          "retry-after": "30",
          "retry-after-ms": "200",
        });
      case "rate-limited-once":
        if (!firstTime) return ok();
        return send(res, 429, apiError("slow down", "requests", "rate_limit_exceeded"), {
          "retry-after": "1",
        });
      case "error-once":
        if (!firstTime) return ok();
        return send(res, 500, apiError("the server had an error", "server_error", null));
      case "error":
        return send(res, 500, apiError("the server had an error", "server_error", null));
      case "bad-key": {
        const key = (req.headers.authorization ?? "").replace(/^Bearer /, "");
        const message = `Incorrect API key provided: ${key}.`;
        return send(res, 401, apiError(message, "invalid_request_error", "invalid_api_key"));
      }
      case "hang":
        hanging.add(res);
        res.on("close", () => hanging.delete(res));
        return;
      default:
        return send(
          res,
          404,
          apiError(`The model ${model} does not exist`, "invalid_request_error", "model_not_found"),
        );
    }
  }

  return listenLocal(server, () => {
    for (const res of hanging) res.destroy();
    hanging.clear();
  });
}
