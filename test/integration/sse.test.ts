import { runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api, createAgent, createTenant } from "../helpers/api";
import { latestSeq, logAfter } from "../helpers/live";

const SIM = { successRate: 1, latencyMs: 1 };

interface SseMessage {
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
}

/** A reader of GET /events/stream that parses messages as an EventSource would. */
async function openStream(query: string, key: string, headers: Record<string, string> = {}) {
  const res = await exports.default.fetch(
    new Request(`https://warden.test/api/v1/events/stream${query}`, {
      headers: { authorization: `Bearer ${key}`, accept: "text/event-stream", ...headers },
    }),
  );
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const messages: SseMessage[] = [];
  let buffer = "";
  const readUntil = async (done: (m: SseMessage[]) => boolean, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!done(messages)) {
      if (Date.now() > deadline) throw new Error(`stream timed out with ${JSON.stringify(messages)}`);
      const chunk = await reader.read();
      if (chunk.done) throw new Error("stream ended");
      buffer += decoder.decode(chunk.value, { stream: true });
      let end = buffer.indexOf("\n\n");
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const m: SseMessage = {};
        for (const line of block.split("\n")) {
          if (line.startsWith(":")) m.comment = line.slice(1).trim();
          const [, field, value] = /^(id|event|data): (.*)$/.exec(line) ?? [];
          if (field) m[field as "id" | "event" | "data"] = value;
        }
        messages.push(m);
        end = buffer.indexOf("\n\n");
      }
    }
    return messages;
  };
  const events = () => messages.filter((m) => m.id !== undefined);
  return { res, messages, events, readUntil, close: () => reader.cancel() };
}

describe("GET /events/stream", () => {
  it("streams events with their seq as id, and resumes after Last-Event-ID", async () => {
    const t = await createTenant("Stream Co");
    for (let i = 0; i < 2; i++) await createAgent(t.key, { name: `s${i}`, simulation: SIM });
    const first = await openStream("?after=0", t.key);
    expect(first.res.status).toBe(200);
    expect(first.res.headers.get("content-type")).toContain("text/event-stream");
    let latest = await latestSeq(t.key);
    await first.readUntil(() => first.events().some((m) => Number(m.id) === latest));
    const log = await logAfter(t.key, 0);
    expect(first.events().map((m) => Number(m.id))).toEqual(log.map((e) => e.seq));
    for (const m of first.events()) {
      const envelope = JSON.parse(m.data ?? "{}") as { seq: number; type: string };
      expect(envelope.seq).toBe(Number(m.id));
      expect(m.event).toBe(envelope.type);
    }
    const lastId = first.events().at(-1)!.id!;
    await first.close();

    // Missed while away; then `?after=0` in the URL must lose to the header, as on an EventSource reconnect.
    await createAgent(t.key, { name: "missed", simulation: SIM });
    const resumed = await openStream("?after=0", t.key, { "last-event-id": lastId });
    await createAgent(t.key, { name: "live", simulation: SIM });
    latest = await latestSeq(t.key);
    await resumed.readUntil(() => resumed.events().some((m) => Number(m.id) === latest));
    expect(resumed.events().map((m) => Number(m.id))).toEqual(
      (await logAfter(t.key, Number(lastId))).map((e) => e.seq),
    );
    await resumed.close();
  });

  it("filters by type and starts live when no position is given", async () => {
    const t = await createTenant("Stream Filter Co");
    await createAgent(t.key, { name: "before", simulation: SIM });
    const stream = await openStream("?types=agent.registered", t.key);
    const agentId = await createAgent(t.key, { name: "after", simulation: SIM });
    await api(`/api/v1/agents/${agentId}/suppress`, { key: t.key, body: { reason: "quiet" } });
    await createAgent(t.key, { name: "last", simulation: SIM });
    await stream.readUntil((m) => m.filter((x) => x.id).length >= 2);
    expect(stream.events().every((m) => m.event === "agent.registered")).toBe(true);
    expect(stream.events()).toHaveLength(2);
    // The agent made before the stream opened is not replayed: no position means live only.
    expect(stream.events().map((m) => (JSON.parse(m.data ?? "{}") as { agentId: string }).agentId)).toContain(
      agentId,
    );
    await stream.close();
  });

  it("sends a resync event when the position is older than the kept log", async () => {
    const t = await createTenant("Stream Resync Co");
    for (let i = 0; i < 3; i++) await createAgent(t.key, { name: `r${i}`, simulation: SIM });
    const latest = await latestSeq(t.key);
    const stub = env.TENANT_HUB.get(env.TENANT_HUB.idFromName(t.tenantId));
    await runInDurableObject(stub, (_hub, state) => {
      state.storage.sql.exec("DELETE FROM events WHERE seq <= 1");
    });
    const stream = await openStream("", t.key, { "last-event-id": "0" });
    await stream.readUntil(() => stream.events().some((m) => Number(m.id) === latest));
    const resync = stream.messages.find((m) => m.event === "resync");
    expect(JSON.parse(resync?.data ?? "{}")).toEqual({ type: "resync", oldestSeq: 2, latestSeq: latest });
    expect(stream.events().map((m) => Number(m.id))).toEqual((await logAfter(t.key, 1)).map((e) => e.seq));
    await stream.close();
  });

  it("refuses a malformed Last-Event-ID or filter with 400, and a non-SSE client with 406", async () => {
    const t = await createTenant("Stream Bad Co");
    const accept = { accept: "text/event-stream" };
    const badId = await api("/api/v1/events/stream", {
      key: t.key,
      headers: { ...accept, "last-event-id": "x" },
    });
    expect(badId.status).toBe(400);
    const badType = await api("/api/v1/events/stream?types=nope", { key: t.key, headers: accept });
    expect(badType.status).toBe(400);
    // A client that does not speak SSE would wait forever on the endless body: refuse it instead.
    const plain = await api("/api/v1/events/stream", { key: t.key });
    expect(plain.status).toBe(406);
    expect(plain.headers.get("content-type")).toContain("application/problem+json");
  });
});
