import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { Webhook as SvixWebhook } from "svix";
import { listenLocal, sendJson as send } from "./local-server";

/** One delivery as the receiver saw it, with what each real verifier said about each secret. */
export interface ReceivedWebhook {
  name: string;
  headers: Record<string, string>;
  body: string;
  answered: number;
  /** One entry per configured secret, in order: true, or the verifier's error message. */
  standardwebhooks: (true | string)[];
  svix: (true | string)[];
  receivedAt: number;
}

interface Behaviour {
  secrets: string[];
  /** Statuses to answer with, one per delivery, then 200 for ever. */
  script: number[];
}

export interface WebhookReceiver {
  origin: string;
  close(): Promise<void>;
}

/** Runs both verifiers on one message; each either accepts it or says why not. */
export function verifyBoth(secret: string, headers: Record<string, string>, body: string) {
  const attempt = (verify: () => unknown): true | string => {
    try {
      verify();
      return true;
    } catch (err) {
      return err instanceof Error ? err.message || err.name : String(err);
    }
  };
  return {
    standardwebhooks: attempt(() => new StandardWebhook(secret).verify(body, headers)),
    svix: attempt(() => new SvixWebhook(secret).verify(body, headers)),
  };
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * A webhook receiver on 127.0.0.1, as a customer would run one, checking every delivery with the
 * `standardwebhooks` and `svix` packages. Endpoints are named by the tests:
 * - `PUT /_config/:name` {secrets, script}: the secrets to verify with and the statuses to answer
 * - `POST /hooks/:name`: a delivery (recorded, verified, answered per the script)
 * - `GET /_log/:name`: what that endpoint received
 * - `POST /_verify` {secret, headers, body}: both verifiers' verdicts on a message the test built
 */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const behaviours = new Map<string, Behaviour>();
  const received = new Map<string, ReceivedWebhook[]>();

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => send(res, 500, { error: String(err) }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://receiver.invalid");
    const [, area, name = ""] = url.pathname.split("/");
    const text = await readText(req);
    if (area === "_config" && req.method === "PUT") {
      behaviours.set(name, JSON.parse(text) as Behaviour);
      received.set(name, []);
      return send(res, 200, { ok: true });
    }
    if (area === "_log") return send(res, 200, received.get(name) ?? []);
    if (area === "_verify") {
      const { secret, headers, body } = JSON.parse(text) as {
        secret: string;
        headers: Record<string, string>;
        body: string;
      };
      return send(res, 200, verifyBoth(secret, headers, body));
    }
    if (area === "hooks") {
      const behaviour = behaviours.get(name) ?? { secrets: [], script: [] };
      const headers: Record<string, string> = {};
      for (const h of [
        "webhook-id",
        "webhook-timestamp",
        "webhook-signature",
        "content-type",
        "user-agent",
      ]) {
        const v = req.headers[h];
        if (typeof v === "string") headers[h] = v;
      }
      const verdicts = behaviour.secrets.map((s) => verifyBoth(s, headers, text));
      const status = behaviour.script.shift() ?? 200;
      const log = received.get(name) ?? [];
      log.push({
        name,
        headers,
        body: text,
        answered: status,
        standardwebhooks: verdicts.map((v) => v.standardwebhooks),
        svix: verdicts.map((v) => v.svix),
        receivedAt: Date.now(),
      });
      received.set(name, log);
      // Longer than the 1 KB the delivery log keeps, to show it is cut.
      return send(res, status, { status, note: "r".repeat(1500) });
    }
    send(res, 404, { error: "unknown path" });
  }

  return listenLocal(server);
}
